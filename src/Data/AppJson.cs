using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MiiTelDashboard.Data;

/// <summary>The one set of JSON options the app writes with.</summary>
public static class AppJson
{
    /// <summary>
    /// Stored bodies keep Japanese readable instead of \uXXXX escapes; they are never embedded
    /// raw into HTML, so relaxed escaping is safe here.
    /// </summary>
    public static readonly JsonSerializerOptions Storage = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    };

    public static readonly JsonSerializerOptions Api = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };
}
