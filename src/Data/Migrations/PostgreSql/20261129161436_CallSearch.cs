using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MiiTelDashboard.Data.Migrations.PostgreSql
{
    /// <summary>
    /// PostgreSQL's counterpart of SQLite's FTS5 trigram table: one <c>CallSearch</c> row per call detail
    /// (operator's raw utterances, customer's, notes), found by ILIKE through pg_trgm GIN indexes. The row
    /// goes with its call by the foreign key's cascade; the ingest writer replaces it when the call changes.
    /// pg_trgm is a trusted extension (PostgreSQL 13+): the database's owner may create it.
    /// </summary>
    public partial class CallSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("CREATE EXTENSION IF NOT EXISTS pg_trgm;");
            migrationBuilder.Sql("""
                CREATE TABLE "CallSearch" (
                    "DetailId" text PRIMARY KEY REFERENCES "Details"("Id") ON DELETE CASCADE,
                    "Operator" text,
                    "Customer" text,
                    "Notes" text
                );
                CREATE INDEX "IX_CallSearch_Trigram" ON "CallSearch" USING gin ("Operator" gin_trgm_ops, "Customer" gin_trgm_ops, "Notes" gin_trgm_ops);
                """);
            // The minutes' string values, one per row; nothing for a body that is not JSON.
            migrationBuilder.Sql("""
                CREATE FUNCTION miitel_json_strings(doc text) RETURNS SETOF text LANGUAGE plpgsql IMMUTABLE AS $$
                BEGIN
                    IF doc IS NULL THEN RETURN; END IF;
                    RETURN QUERY SELECT v #>> '{}' FROM jsonb_path_query(doc::jsonb, 'strict $.** ? (@.type() == "string")') v;
                EXCEPTION WHEN others THEN RETURN;
                END $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS miitel_json_strings(text);");
            migrationBuilder.Sql("DROP TABLE IF EXISTS \"CallSearch\";");
        }
    }
}
