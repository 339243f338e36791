namespace MiiTelDashboard.Data;

/// <summary>
/// The owner-only folder for what the app keeps beside its data: the generated webhook token and
/// the Data Protection keys. It is the SQLite file's folder by default, so one folder holds one
/// install; <c>Data:Directory</c> names another (needed once the database is a server).
/// </summary>
public sealed record DataFolder(string Path)
{
    public const string ConfigKey = "Data:Directory";

    /// <summary>A path under this folder; the folder exists and is owner-only.</summary>
    public string Combine(string name) => System.IO.Path.Combine(Path, name);
}
