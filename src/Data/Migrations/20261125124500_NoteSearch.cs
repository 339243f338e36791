using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MiiTelDashboard.Data.Migrations
{
    /// <summary>
    /// A second FTS5 trigram index over what people wrote about a call: tags (MiiTel's call memo),
    /// comments and the text values of the AI minutes. Unlike <c>UtteranceSearch</c> it keeps its
    /// own copy of the text: these rows are few and short, and there is no single integer-keyed
    /// table to point an external-content index at. Rowids are Id*4+1 for tags and Id*4+2 for
    /// comments (so a trigger finds its row by rowid); minutes rows take negative rowids, because
    /// Details has a text key and its implicit rowid may change on VACUUM. Replacing a call's minutes
    /// therefore finds the old row by DetailId, a scan of this small table; it only runs when the
    /// minutes actually changed.
    /// </summary>
    public partial class NoteSearch : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE NoteSearch USING fts5(
                    Text, DetailId UNINDEXED, Source UNINDEXED, tokenize='trigram');
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER Tags_search_ai AFTER INSERT ON Tags BEGIN
                    INSERT INTO NoteSearch(rowid, Text, DetailId, Source) VALUES (new.Id * 4 + 1, new.Value, new.DetailId, 'tag');
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER Tags_search_ad AFTER DELETE ON Tags BEGIN
                    DELETE FROM NoteSearch WHERE rowid = old.Id * 4 + 1;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER Tags_search_au AFTER UPDATE ON Tags BEGIN
                    DELETE FROM NoteSearch WHERE rowid = old.Id * 4 + 1;
                    INSERT INTO NoteSearch(rowid, Text, DetailId, Source) VALUES (new.Id * 4 + 1, new.Value, new.DetailId, 'tag');
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER Comments_search_ai AFTER INSERT ON Comments BEGIN
                    INSERT INTO NoteSearch(rowid, Text, DetailId, Source) VALUES (new.Id * 4 + 2, new.Value, new.DetailId, 'comment');
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER Comments_search_ad AFTER DELETE ON Comments BEGIN
                    DELETE FROM NoteSearch WHERE rowid = old.Id * 4 + 2;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER Comments_search_au AFTER UPDATE ON Comments BEGIN
                    DELETE FROM NoteSearch WHERE rowid = old.Id * 4 + 2;
                    INSERT INTO NoteSearch(rowid, Text, DetailId, Source) VALUES (new.Id * 4 + 2, new.Value, new.DetailId, 'comment');
                END;
                """);
            // Minutes: only the JSON's string values, so key names never match a search.
            migrationBuilder.Sql($"""
                CREATE TRIGGER Details_search_ai AFTER INSERT ON Details WHEN new.MinutesJson IS NOT NULL BEGIN
                    {InsertMinutes("new")}
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER Details_search_ad AFTER DELETE ON Details WHEN old.MinutesJson IS NOT NULL BEGIN
                    DELETE FROM NoteSearch WHERE DetailId = old.Id AND Source = 'minutes';
                END;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER Details_search_au AFTER UPDATE OF MinutesJson ON Details
                WHEN old.MinutesJson IS NOT new.MinutesJson BEGIN
                    DELETE FROM NoteSearch WHERE DetailId = old.Id AND Source = 'minutes';
                    {InsertMinutes("new")}
                END;
                """);
            migrationBuilder.Sql(RebuildSql);
        }

        /// <summary>Inserts the text values of a detail's minutes under the next free negative rowid.</summary>
        private static string InsertMinutes(string row) => $"""
            INSERT INTO NoteSearch(rowid, Text, DetailId, Source)
            SELECT min(-1, coalesce((SELECT rowid FROM NoteSearch ORDER BY rowid LIMIT 1), 0) - 1), t, {row}.Id, 'minutes'
            FROM (SELECT group_concat(value, char(10)) AS t FROM json_tree(CASE WHEN json_valid({row}.MinutesJson) THEN {row}.MinutesJson ELSE 'null' END) WHERE type = 'text')
            WHERE t IS NOT NULL AND t <> '';
            """;

        /// <summary>Fills NoteSearch from the stored calls. Private: runtime code never shares a migration's SQL.</summary>
        private const string RebuildSql = """
            DELETE FROM NoteSearch;
            INSERT INTO NoteSearch(rowid, Text, DetailId, Source) SELECT Id * 4 + 1, Value, DetailId, 'tag' FROM Tags;
            INSERT INTO NoteSearch(rowid, Text, DetailId, Source) SELECT Id * 4 + 2, Value, DetailId, 'comment' FROM Comments;
            INSERT INTO NoteSearch(rowid, Text, DetailId, Source)
            SELECT -row_number() OVER (ORDER BY d.Id), m.t, d.Id, 'minutes'
            FROM Details d
            JOIN (SELECT d2.Id AS DetailId, group_concat(j.value, char(10)) AS t
                  FROM Details d2, json_tree(CASE WHEN json_valid(d2.MinutesJson) THEN d2.MinutesJson ELSE 'null' END) j
                  WHERE d2.MinutesJson IS NOT NULL AND j.type = 'text'
                  GROUP BY d2.Id) m ON m.DetailId = d.Id
            WHERE m.t <> '';
            """;

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var trigger in new[] { "Details_search_au", "Details_search_ad", "Details_search_ai",
                         "Comments_search_au", "Comments_search_ad", "Comments_search_ai",
                         "Tags_search_au", "Tags_search_ad", "Tags_search_ai" })
                migrationBuilder.Sql($"DROP TRIGGER IF EXISTS {trigger};");
            migrationBuilder.Sql("DROP TABLE IF EXISTS NoteSearch;");
        }
    }
}
