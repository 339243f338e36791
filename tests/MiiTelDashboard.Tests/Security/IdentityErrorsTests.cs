using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using MiiTelDashboard.Security;

namespace MiiTelDashboard.Tests.Security;

/// <summary>Identity's messages, which the setup, password and accounts pages show, in the reader's language.</summary>
public sealed partial class IdentityErrorsTests
{
    [GeneratedRegex(@"[\p{IsHiragana}\p{IsKatakana}\p{IsCJKUnifiedIdeographs}]")]
    private static partial Regex JapaneseScript();

    /// <summary>Every message Identity can describe, with made-up arguments; a new one in a later Identity shows up here.</summary>
    private static IEnumerable<(string Name, Func<IdentityErrorDescriber, IdentityError> Describe)> Messages() =>
        typeof(IdentityErrorDescriber).GetMethods()
            .Where(m => m.IsVirtual && m.ReturnType == typeof(IdentityError) && m.DeclaringType == typeof(IdentityErrorDescriber))
            .Select(m => (m.Name, (Func<IdentityErrorDescriber, IdentityError>)(d => (IdentityError)m.Invoke(d,
                [.. m.GetParameters().Select(p => p.ParameterType == typeof(int) ? 3 : (object)"Viewer")])!)));

    [Fact]
    public void EveryIdentityMessage_InJapanese_IsJapanese_AndInEnglish_IsIdentitysOwn()
    {
        var describer = new DashboardIdentityErrors();
        var before = CultureInfo.CurrentUICulture;
        try
        {
            var messages = Messages().ToList();
            Assert.True(messages.Count >= 20, $"only {messages.Count} messages found");

            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("ja");
            var english = messages.Where(m => !JapaneseScript().IsMatch(m.Describe(describer).Description)).Select(m => m.Name).ToList();
            Assert.True(english.Count == 0, "still English in Japanese: " + string.Join(", ", english));
            Assert.Equal("このアカウントにはすでにロール「閲覧者」があります。", describer.UserAlreadyInRole("Viewer").Description);

            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
            var identity = new IdentityErrorDescriber();
            Assert.All(messages, m => Assert.Equal(m.Describe(identity).Description, m.Describe(describer).Description));
            Assert.All(messages, m => Assert.Equal(m.Describe(identity).Code, m.Describe(describer).Code));
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }
}
