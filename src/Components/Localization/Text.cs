namespace MiiTelDashboard.Components.Localization;

/// <summary>
/// The dashboard's words: <c>Text.resx</c> (English, the neutral language) and <c>Text.ja.resx</c>.
/// Pages inject <c>IStringLocalizer&lt;Text&gt;</c>; the presentation catalog reads the same
/// resources through <see cref="Words"/>, so every label is written once.
/// </summary>
public sealed class Text;
