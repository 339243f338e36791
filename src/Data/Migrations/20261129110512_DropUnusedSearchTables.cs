using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MiiTelDashboard.Data.Migrations
{
    /// <summary>
    /// Drops the per-utterance (<c>UtteranceSearch</c>, with its <c>RawUtterances</c> view) and per-note
    /// (<c>NoteSearch</c>) FTS5 tables and the triggers that wrote them on every ingest. Since
    /// <c>CallSearch</c> no query read them: search matches calls in <c>CallSearch</c>, snippets look
    /// in the 20 calls of a page with LIKE, and the call page finds in its loaded transcript. Measured
    /// before dropping (docs/PERFORMANCE.md, "Search owns its index"): using them for snippets or
    /// jumps would be slower than what those paths do, and they cost write time and space on every
    /// delivery. The stored calls are untouched; <c>CallSearch</c> still answers every search.
    /// </summary>
    public partial class DropUnusedSearchTables : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            foreach (var trigger in new[]
                     {
                         "Utterances_ai", "Utterances_ad", "Utterances_au",
                         "Tags_search_ai", "Tags_search_ad", "Tags_search_au",
                         "Comments_search_ai", "Comments_search_ad", "Comments_search_au",
                         "Details_search_ai", "Details_search_ad", "Details_search_au",
                     })
                migrationBuilder.Sql($"DROP TRIGGER IF EXISTS {trigger};");
            migrationBuilder.Sql("DROP TABLE IF EXISTS UtteranceSearch;");
            migrationBuilder.Sql("DROP VIEW IF EXISTS RawUtterances;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS NoteSearch;");
        }

        /// <summary>
        /// Restores both tables exactly as their own migrations created and filled them, by replaying
        /// those migrations' operations: they are frozen, so this stays what was dropped.
        /// </summary>
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Operations.AddRange(new UtteranceSearch().UpOperations);
            migrationBuilder.Operations.AddRange(new NoteSearch().UpOperations);
        }
    }
}
