using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MiiTelDashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Deliveries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ReceivedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RemoteIp = table.Column<string>(type: "TEXT", nullable: true),
                    UserAgent = table.Column<string>(type: "TEXT", nullable: true),
                    SizeBytes = table.Column<long>(type: "INTEGER", nullable: false),
                    Result = table.Column<string>(type: "TEXT", nullable: false),
                    StatusCode = table.Column<int>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", nullable: true),
                    DetailIds = table.Column<string>(type: "TEXT", nullable: true),
                    Stored = table.Column<int>(type: "INTEGER", nullable: false),
                    Unchanged = table.Column<int>(type: "INTEGER", nullable: false),
                    WarningsJson = table.Column<string>(type: "TEXT", nullable: true),
                    Body = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Deliveries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Details",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    CallId = table.Column<string>(type: "TEXT", nullable: true),
                    TenantCode = table.Column<string>(type: "TEXT", nullable: true),
                    CallType = table.Column<string>(type: "TEXT", nullable: true),
                    CircuitNumber = table.Column<string>(type: "TEXT", nullable: true),
                    CircuitName = table.Column<string>(type: "TEXT", nullable: true),
                    FromNumber = table.Column<string>(type: "TEXT", nullable: true),
                    ToNumber = table.Column<string>(type: "TEXT", nullable: true),
                    PreviousId = table.Column<string>(type: "TEXT", nullable: true),
                    Dtmf = table.Column<string>(type: "TEXT", nullable: true),
                    DialStartsAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DialAnsweredAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DialEndsAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    QueueingStartsAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    QueueingAnsweredAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    QueueingEndsAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    StartedAtEpoch = table.Column<long>(type: "INTEGER", nullable: false),
                    DurationSeconds = table.Column<double>(type: "REAL", nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    OperatorParticipantId = table.Column<string>(type: "TEXT", nullable: true),
                    OperatorName = table.Column<string>(type: "TEXT", nullable: true),
                    OperatorLoginId = table.Column<string>(type: "TEXT", nullable: true),
                    CounterpartName = table.Column<string>(type: "TEXT", nullable: true),
                    CounterpartCompany = table.Column<string>(type: "TEXT", nullable: true),
                    CounterpartNumber = table.Column<string>(type: "TEXT", nullable: true),
                    HasAnalysis = table.Column<bool>(type: "INTEGER", nullable: false),
                    Score = table.Column<double>(type: "REAL", nullable: true),
                    Tlr = table.Column<double>(type: "REAL", nullable: true),
                    RallyCount = table.Column<int>(type: "INTEGER", nullable: true),
                    OverlapCount = table.Column<int>(type: "INTEGER", nullable: true),
                    SilenceCount = table.Column<int>(type: "INTEGER", nullable: true),
                    SilencePositionsJson = table.Column<string>(type: "TEXT", nullable: true),
                    OverlapPositionsJson = table.Column<string>(type: "TEXT", nullable: true),
                    OperatorPositive = table.Column<double>(type: "REAL", nullable: true),
                    OperatorNegative = table.Column<double>(type: "REAL", nullable: true),
                    CustomerPositive = table.Column<double>(type: "REAL", nullable: true),
                    CustomerNegative = table.Column<double>(type: "REAL", nullable: true),
                    TranscriptRaw = table.Column<string>(type: "TEXT", nullable: true),
                    TranscriptSummary = table.Column<string>(type: "TEXT", nullable: true),
                    MinutesJson = table.Column<string>(type: "TEXT", nullable: true),
                    RawJson = table.Column<string>(type: "TEXT", nullable: false),
                    FirstReceivedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastChangedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Details", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Comments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    DetailId = table.Column<string>(type: "TEXT", nullable: false),
                    Value = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Comments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Comments_Details_DetailId",
                        column: x => x.DetailId,
                        principalTable: "Details",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Keywords",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    DetailId = table.Column<string>(type: "TEXT", nullable: false),
                    Value = table.Column<string>(type: "TEXT", nullable: false),
                    StartsAt = table.Column<double>(type: "REAL", nullable: true),
                    ParticipantId = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Keywords", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Keywords_Details_DetailId",
                        column: x => x.DetailId,
                        principalTable: "Details",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Participants",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    DetailId = table.Column<string>(type: "TEXT", nullable: false),
                    ParticipantId = table.Column<string>(type: "TEXT", nullable: true),
                    FromTo = table.Column<string>(type: "TEXT", nullable: true),
                    Name = table.Column<string>(type: "TEXT", nullable: true),
                    CompanyName = table.Column<string>(type: "TEXT", nullable: true),
                    LoginId = table.Column<string>(type: "TEXT", nullable: true),
                    IsOperator = table.Column<bool>(type: "INTEGER", nullable: false),
                    F0 = table.Column<double>(type: "REAL", nullable: true),
                    SpeechRate = table.Column<double>(type: "REAL", nullable: true),
                    Variance = table.Column<double>(type: "REAL", nullable: true),
                    FillerCount = table.Column<int>(type: "INTEGER", nullable: true),
                    PositiveScore = table.Column<double>(type: "REAL", nullable: true),
                    NegativeScore = table.Column<double>(type: "REAL", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Participants", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Participants_Details_DetailId",
                        column: x => x.DetailId,
                        principalTable: "Details",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Tags",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    DetailId = table.Column<string>(type: "TEXT", nullable: false),
                    Value = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", nullable: true),
                    CreatorType = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Tags", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Tags_Details_DetailId",
                        column: x => x.DetailId,
                        principalTable: "Details",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Utterances",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    DetailId = table.Column<string>(type: "TEXT", nullable: false),
                    ParticipantId = table.Column<string>(type: "TEXT", nullable: true),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    IsOperator = table.Column<bool>(type: "INTEGER", nullable: false),
                    Order = table.Column<int>(type: "INTEGER", nullable: true),
                    Text = table.Column<string>(type: "TEXT", nullable: false),
                    TextNoFiller = table.Column<string>(type: "TEXT", nullable: true),
                    StartAt = table.Column<double>(type: "REAL", nullable: true),
                    EndAt = table.Column<double>(type: "REAL", nullable: true),
                    FillerNum = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Utterances", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Utterances_Details_DetailId",
                        column: x => x.DetailId,
                        principalTable: "Details",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Comments_DetailId",
                table: "Comments",
                column: "DetailId");

            migrationBuilder.CreateIndex(
                name: "IX_Deliveries_ReceivedAt",
                table: "Deliveries",
                column: "ReceivedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Deliveries_Result",
                table: "Deliveries",
                column: "Result");

            migrationBuilder.CreateIndex(
                name: "IX_Details_CallId",
                table: "Details",
                column: "CallId");

            migrationBuilder.CreateIndex(
                name: "IX_Details_CircuitNumber_StartedAt",
                table: "Details",
                columns: new[] { "CircuitNumber", "StartedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Details_OperatorLoginId_StartedAt",
                table: "Details",
                columns: new[] { "OperatorLoginId", "StartedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Details_OperatorName_StartedAt",
                table: "Details",
                columns: new[] { "OperatorName", "StartedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Details_PreviousId",
                table: "Details",
                column: "PreviousId");

            migrationBuilder.CreateIndex(
                name: "IX_Details_StartedAt",
                table: "Details",
                column: "StartedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Keywords_DetailId",
                table: "Keywords",
                column: "DetailId");

            migrationBuilder.CreateIndex(
                name: "IX_Keywords_Value",
                table: "Keywords",
                column: "Value");

            migrationBuilder.CreateIndex(
                name: "IX_Participants_DetailId",
                table: "Participants",
                column: "DetailId");

            migrationBuilder.CreateIndex(
                name: "IX_Tags_DetailId",
                table: "Tags",
                column: "DetailId");

            migrationBuilder.CreateIndex(
                name: "IX_Tags_Value",
                table: "Tags",
                column: "Value");

            migrationBuilder.CreateIndex(
                name: "IX_Utterances_DetailId_Kind_StartAt",
                table: "Utterances",
                columns: new[] { "DetailId", "Kind", "StartAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Comments");

            migrationBuilder.DropTable(
                name: "Deliveries");

            migrationBuilder.DropTable(
                name: "Keywords");

            migrationBuilder.DropTable(
                name: "Participants");

            migrationBuilder.DropTable(
                name: "Tags");

            migrationBuilder.DropTable(
                name: "Utterances");

            migrationBuilder.DropTable(
                name: "Details");
        }
    }
}
