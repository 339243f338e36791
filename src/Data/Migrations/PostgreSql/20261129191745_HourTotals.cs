using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MiiTelDashboard.Data.Migrations.PostgreSql
{
    /// <summary>
    /// CircuitHours and UserHours: the hourly sums the overview, the rankings and the filter choices
    /// read instead of every call of a period, kept by triggers on Details and filled from the calls
    /// already stored (<see cref="HourTotalsSql"/>).
    /// </summary>
    public partial class HourTotals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CircuitHours",
                columns: table => new
                {
                    HourEpoch = table.Column<long>(type: "bigint", nullable: false),
                    CircuitNumber = table.Column<string>(type: "text", nullable: false),
                    CircuitName = table.Column<string>(type: "text", nullable: false),
                    CallType = table.Column<string>(type: "text", nullable: false),
                    Calls = table.Column<long>(type: "bigint", nullable: false),
                    Connected = table.Column<long>(type: "bigint", nullable: false),
                    Missed = table.Column<long>(type: "bigint", nullable: false),
                    Unanswered = table.Column<long>(type: "bigint", nullable: false),
                    DurationSum = table.Column<double>(type: "double precision", nullable: false),
                    ScoreSum = table.Column<double>(type: "double precision", nullable: false),
                    ScoreCount = table.Column<long>(type: "bigint", nullable: false),
                    TlrSum = table.Column<double>(type: "double precision", nullable: false),
                    TlrCount = table.Column<long>(type: "bigint", nullable: false),
                    OverlapSum = table.Column<double>(type: "double precision", nullable: false),
                    OverlapCount = table.Column<long>(type: "bigint", nullable: false),
                    SilenceSum = table.Column<double>(type: "double precision", nullable: false),
                    SilenceCount = table.Column<long>(type: "bigint", nullable: false),
                    PositiveSum = table.Column<double>(type: "double precision", nullable: false),
                    PositiveCount = table.Column<long>(type: "bigint", nullable: false),
                    NegativeSum = table.Column<double>(type: "double precision", nullable: false),
                    NegativeCount = table.Column<long>(type: "bigint", nullable: false),
                    Tlr00 = table.Column<long>(type: "bigint", nullable: false),
                    Tlr01 = table.Column<long>(type: "bigint", nullable: false),
                    Tlr02 = table.Column<long>(type: "bigint", nullable: false),
                    Tlr03 = table.Column<long>(type: "bigint", nullable: false),
                    Tlr04 = table.Column<long>(type: "bigint", nullable: false),
                    Tlr05 = table.Column<long>(type: "bigint", nullable: false),
                    Tlr06 = table.Column<long>(type: "bigint", nullable: false),
                    Tlr07 = table.Column<long>(type: "bigint", nullable: false),
                    Tlr08 = table.Column<long>(type: "bigint", nullable: false),
                    Tlr09 = table.Column<long>(type: "bigint", nullable: false),
                    Tlr10 = table.Column<long>(type: "bigint", nullable: false),
                    Tlr11 = table.Column<long>(type: "bigint", nullable: false),
                    Tlr12 = table.Column<long>(type: "bigint", nullable: false),
                    Tlr13 = table.Column<long>(type: "bigint", nullable: false),
                    Tlr14 = table.Column<long>(type: "bigint", nullable: false),
                    Tlr15 = table.Column<long>(type: "bigint", nullable: false),
                    Tlr16 = table.Column<long>(type: "bigint", nullable: false),
                    Tlr17 = table.Column<long>(type: "bigint", nullable: false),
                    Tlr18 = table.Column<long>(type: "bigint", nullable: false),
                    Tlr19 = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CircuitHours", x => new { x.HourEpoch, x.CircuitNumber, x.CircuitName, x.CallType });
                });

            migrationBuilder.CreateTable(
                name: "UserHours",
                columns: table => new
                {
                    HourEpoch = table.Column<long>(type: "bigint", nullable: false),
                    OperatorName = table.Column<string>(type: "text", nullable: false),
                    OperatorLoginId = table.Column<string>(type: "text", nullable: false),
                    Calls = table.Column<long>(type: "bigint", nullable: false),
                    Connected = table.Column<long>(type: "bigint", nullable: false),
                    Missed = table.Column<long>(type: "bigint", nullable: false),
                    Unanswered = table.Column<long>(type: "bigint", nullable: false),
                    DurationSum = table.Column<double>(type: "double precision", nullable: false),
                    ScoreSum = table.Column<double>(type: "double precision", nullable: false),
                    ScoreCount = table.Column<long>(type: "bigint", nullable: false),
                    TlrSum = table.Column<double>(type: "double precision", nullable: false),
                    TlrCount = table.Column<long>(type: "bigint", nullable: false),
                    OverlapSum = table.Column<double>(type: "double precision", nullable: false),
                    OverlapCount = table.Column<long>(type: "bigint", nullable: false),
                    SilenceSum = table.Column<double>(type: "double precision", nullable: false),
                    SilenceCount = table.Column<long>(type: "bigint", nullable: false),
                    PositiveSum = table.Column<double>(type: "double precision", nullable: false),
                    PositiveCount = table.Column<long>(type: "bigint", nullable: false),
                    NegativeSum = table.Column<double>(type: "double precision", nullable: false),
                    NegativeCount = table.Column<long>(type: "bigint", nullable: false),
                    Tlr00 = table.Column<long>(type: "bigint", nullable: false),
                    Tlr01 = table.Column<long>(type: "bigint", nullable: false),
                    Tlr02 = table.Column<long>(type: "bigint", nullable: false),
                    Tlr03 = table.Column<long>(type: "bigint", nullable: false),
                    Tlr04 = table.Column<long>(type: "bigint", nullable: false),
                    Tlr05 = table.Column<long>(type: "bigint", nullable: false),
                    Tlr06 = table.Column<long>(type: "bigint", nullable: false),
                    Tlr07 = table.Column<long>(type: "bigint", nullable: false),
                    Tlr08 = table.Column<long>(type: "bigint", nullable: false),
                    Tlr09 = table.Column<long>(type: "bigint", nullable: false),
                    Tlr10 = table.Column<long>(type: "bigint", nullable: false),
                    Tlr11 = table.Column<long>(type: "bigint", nullable: false),
                    Tlr12 = table.Column<long>(type: "bigint", nullable: false),
                    Tlr13 = table.Column<long>(type: "bigint", nullable: false),
                    Tlr14 = table.Column<long>(type: "bigint", nullable: false),
                    Tlr15 = table.Column<long>(type: "bigint", nullable: false),
                    Tlr16 = table.Column<long>(type: "bigint", nullable: false),
                    Tlr17 = table.Column<long>(type: "bigint", nullable: false),
                    Tlr18 = table.Column<long>(type: "bigint", nullable: false),
                    Tlr19 = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UserHours", x => new { x.HourEpoch, x.OperatorName, x.OperatorLoginId });
                });

            migrationBuilder.Sql(HourTotalsSql.PostgreSqlUp(HourTotalsSql.Hours, "hours"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(HourTotalsSql.PostgreSqlDown("hours"));

            migrationBuilder.DropTable(
                name: "CircuitHours");

            migrationBuilder.DropTable(
                name: "UserHours");
        }
    }
}
