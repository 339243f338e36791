using Microsoft.EntityFrameworkCore.Migrations;
using MiiTelDashboard.Data.Migrations;

#nullable disable

namespace MiiTelDashboard.src.Data.Migrations
{
    /// <summary>
    /// UserDays: operator sums per UTC day, kept by triggers on Details and filled from the calls already
    /// stored (<see cref="HourTotalsSql"/>); the users ranking reads whole days here and the edges from UserHours.
    /// </summary>
    public partial class UserDays : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // WITHOUT ROWID, as the hourly tables (migration HourTotals).
            migrationBuilder.Sql(HourTotalsSql.SqliteTables(HourTotalsSql.Days));

            migrationBuilder.Sql(HourTotalsSql.SqliteUp(HourTotalsSql.Days, "days"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(HourTotalsSql.SqliteDown("days"));

            migrationBuilder.DropTable(
                name: "UserDays");
        }
    }
}
