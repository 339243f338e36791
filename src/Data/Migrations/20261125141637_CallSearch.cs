using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MiiTelDashboard.Data.Migrations
{
    /// <summary>
    /// A call-level FTS5 trigram index: one row per call detail with the operator's raw utterances,
    /// the customer's, and the notes (tags, comments, minutes text) as three columns. A common word
    /// then matches at most one row per call, and AND / NOT / side are one MATCH expression, instead
    /// of tens of thousands of utterance rows joined back to their calls and intersected per word
    /// (docs/PERFORMANCE.md, "Search"). UtteranceSearch and NoteSearch stay: they locate snippets.
    /// <para>
    /// The rowid is the Details table's implicit rowid (Details has a TEXT key, so it is a rowid
    /// table). VACUUM may renumber those rowids; <c>--rebuild-search-index</c> refills this table
    /// from the stored calls and repairs that. The ingest writer replaces a changed call's row in
    /// its own transaction (Search's <c>CallSearchIndex</c>); there are no triggers, because a call's row
    /// depends on many child rows that EF writes one by one.
    /// </para>
    /// </summary>
    public partial class CallSearch : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE CallSearch USING fts5(Operator, Customer, Notes, tokenize='trigram');
                """);
            // A deleted call leaves no row behind whose rowid a later call could inherit.
            migrationBuilder.Sql("""
                CREATE TRIGGER Details_callsearch_ad AFTER DELETE ON Details BEGIN
                    DELETE FROM CallSearch WHERE rowid = old.rowid;
                END;
                """);
            // A frozen copy of the fill query as it ran: a migration never changes once applied, so it
            // shares no SQL with the runtime's CallSearchIndex, which may change with the index.
            migrationBuilder.Sql("""
                INSERT INTO CallSearch(rowid, Operator, Customer, Notes)
                SELECT d.rowid,
                    (SELECT group_concat(u.Text, char(10)) FROM Utterances u WHERE u.DetailId = d.Id AND u.Kind = 0 AND u.IsOperator = 1),
                    (SELECT group_concat(u.Text, char(10)) FROM Utterances u WHERE u.DetailId = d.Id AND u.Kind = 0 AND u.IsOperator = 0),
                    (SELECT group_concat(n.t, char(10)) FROM (
                        SELECT Value AS t FROM Tags WHERE DetailId = d.Id
                        UNION ALL SELECT Value FROM Comments WHERE DetailId = d.Id
                        UNION ALL SELECT j.value FROM json_tree(CASE WHEN json_valid(d.MinutesJson) THEN d.MinutesJson ELSE 'null' END) j WHERE j.type = 'text') n)
                FROM Details d ;
                """);
            // One bulk insert leaves many segments; merging them now keeps the first searches fast.
            migrationBuilder.Sql("INSERT INTO CallSearch(CallSearch) VALUES ('optimize');");
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS Details_callsearch_ad;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS CallSearch;");
        }
    }
}
