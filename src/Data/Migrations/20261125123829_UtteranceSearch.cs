using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MiiTelDashboard.Data.Migrations
{
    /// <summary>
    /// FTS5 trigram index over the raw utterances (trigrams find Japanese substrings, which have
    /// no word breaks). External content: the text lives once, in Utterances; triggers keep the
    /// index in step inside the writer's transaction.
    /// </summary>
    public partial class UtteranceSearch : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE VIEW RawUtterances AS SELECT Id, Text FROM Utterances WHERE Kind = 0;
                """);
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE UtteranceSearch USING fts5(
                    Text, content='RawUtterances', content_rowid='Id', tokenize='trigram');
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER Utterances_ai AFTER INSERT ON Utterances WHEN new.Kind = 0 BEGIN
                    INSERT INTO UtteranceSearch(rowid, Text) VALUES (new.Id, new.Text);
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER Utterances_ad AFTER DELETE ON Utterances WHEN old.Kind = 0 BEGIN
                    INSERT INTO UtteranceSearch(UtteranceSearch, rowid, Text) VALUES ('delete', old.Id, old.Text);
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER Utterances_au AFTER UPDATE ON Utterances BEGIN
                    INSERT INTO UtteranceSearch(UtteranceSearch, rowid, Text) SELECT 'delete', old.Id, old.Text WHERE old.Kind = 0;
                    INSERT INTO UtteranceSearch(rowid, Text) SELECT new.Id, new.Text WHERE new.Kind = 0;
                END;
                """);
            migrationBuilder.Sql("INSERT INTO UtteranceSearch(UtteranceSearch) VALUES ('rebuild');");
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS Utterances_au;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS Utterances_ad;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS Utterances_ai;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS UtteranceSearch;");
            migrationBuilder.Sql("DROP VIEW IF EXISTS RawUtterances;");
        }
    }
}
