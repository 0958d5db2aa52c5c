using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ActionItems.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "incidents",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    slug = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    title = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    source = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    format = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    raw_document = table.Column<string>(type: "TEXT", nullable: true),
                    content_hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    document_version = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    incident_date = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    started_at = table.Column<long>(type: "INTEGER", nullable: true),
                    ended_at = table.Column<long>(type: "INTEGER", nullable: true),
                    detected_at = table.Column<long>(type: "INTEGER", nullable: true),
                    summary = table.Column<string>(type: "TEXT", nullable: true),
                    impact = table.Column<string>(type: "TEXT", nullable: true),
                    task_ref = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    people_paged = table.Column<int>(type: "INTEGER", nullable: true),
                    responder_count = table.Column<int>(type: "INTEGER", nullable: true),
                    coordinators = table.Column<string>(type: "TEXT", nullable: false),
                    document_status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_incidents", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "people",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    display_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    phabricator_username = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    phabricator_phid = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    git_hub_login = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    email = table.Column<string>(type: "TEXT", maxLength: 320, nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_people", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "sync_targets",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    base_url = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    credential_key = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    default_tags = table.Column<string>(type: "TEXT", nullable: false),
                    default_repository = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    push_policy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    poll_interval = table.Column<TimeSpan>(type: "TEXT", nullable: false),
                    poll_cursor = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    last_poll_at = table.Column<long>(type: "INTEGER", nullable: true),
                    last_successful_poll_at = table.Column<long>(type: "INTEGER", nullable: true),
                    last_error = table.Column<string>(type: "TEXT", nullable: true),
                    rate_limited_until = table.Column<long>(type: "INTEGER", nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sync_targets", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "scorecard_answers",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    incident_id = table.Column<long>(type: "INTEGER", nullable: false),
                    ordinal = table.Column<int>(type: "INTEGER", nullable: false),
                    category = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    question = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    answer = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    note = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_scorecard_answers", x => x.id);
                    table.ForeignKey(
                        name: "fk_scorecard_answers_incidents_incident_id",
                        column: x => x.incident_id,
                        principalTable: "incidents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "timeline_entries",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    incident_id = table.Column<long>(type: "INTEGER", nullable: false),
                    ordinal = table.Column<int>(type: "INTEGER", nullable: false),
                    at = table.Column<long>(type: "INTEGER", nullable: true),
                    time_text = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    text = table.Column<string>(type: "TEXT", nullable: false),
                    marker = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_timeline_entries", x => x.id);
                    table.ForeignKey(
                        name: "fk_timeline_entries_incidents_incident_id",
                        column: x => x.incident_id,
                        principalTable: "incidents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "action_items",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    incident_id = table.Column<long>(type: "INTEGER", nullable: false),
                    ordinal = table.Column<int>(type: "INTEGER", nullable: false),
                    title = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    description = table.Column<string>(type: "TEXT", nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    owner_id = table.Column<long>(type: "INTEGER", nullable: true),
                    team = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    priority = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    due_date = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    tags = table.Column<string>(type: "TEXT", nullable: false),
                    source_section = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    source_text = table.Column<string>(type: "TEXT", nullable: true),
                    parent_id = table.Column<long>(type: "INTEGER", nullable: true),
                    confidence = table.Column<double>(type: "REAL", nullable: false),
                    needs_review = table.Column<bool>(type: "INTEGER", nullable: false),
                    vanished_from_source_at = table.Column<long>(type: "INTEGER", nullable: true),
                    archived_at = table.Column<long>(type: "INTEGER", nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_action_items", x => x.id);
                    table.ForeignKey(
                        name: "fk_action_items_action_items_parent_id",
                        column: x => x.parent_id,
                        principalTable: "action_items",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_action_items_incidents_incident_id",
                        column: x => x.incident_id,
                        principalTable: "incidents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_action_items_people_owner_id",
                        column: x => x.owner_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "action_item_history",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    action_item_id = table.Column<long>(type: "INTEGER", nullable: false),
                    field = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    old_value = table.Column<string>(type: "TEXT", nullable: true),
                    new_value = table.Column<string>(type: "TEXT", nullable: true),
                    at = table.Column<long>(type: "INTEGER", nullable: false),
                    actor = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    origin = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_action_item_history", x => x.id);
                    table.ForeignKey(
                        name: "fk_action_item_history_action_items_action_item_id",
                        column: x => x.action_item_id,
                        principalTable: "action_items",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "prevention_reviews",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    incident_id = table.Column<long>(type: "INTEGER", nullable: false),
                    candidate_action_item_id = table.Column<long>(type: "INTEGER", nullable: false),
                    verdict = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    reviewer = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    note = table.Column<string>(type: "TEXT", nullable: true),
                    at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_prevention_reviews", x => x.id);
                    table.ForeignKey(
                        name: "fk_prevention_reviews_action_items_candidate_action_item_id",
                        column: x => x.candidate_action_item_id,
                        principalTable: "action_items",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_prevention_reviews_incidents_incident_id",
                        column: x => x.incident_id,
                        principalTable: "incidents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "tracker_links",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    action_item_id = table.Column<long>(type: "INTEGER", nullable: false),
                    sync_target_id = table.Column<long>(type: "INTEGER", nullable: false),
                    remote_id = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    remote_internal_id = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    remote_url = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    base_snapshot = table.Column<string>(type: "TEXT", nullable: true),
                    remote_version = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    state = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    last_error = table.Column<string>(type: "TEXT", nullable: true),
                    last_synced_at = table.Column<long>(type: "INTEGER", nullable: true),
                    sync_key = table.Column<Guid>(type: "TEXT", nullable: true),
                    pending_since = table.Column<long>(type: "INTEGER", nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tracker_links", x => x.id);
                    table.ForeignKey(
                        name: "fk_tracker_links_action_items_action_item_id",
                        column: x => x.action_item_id,
                        principalTable: "action_items",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_tracker_links_sync_targets_sync_target_id",
                        column: x => x.sync_target_id,
                        principalTable: "sync_targets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "outbox",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    kind = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    action_item_id = table.Column<long>(type: "INTEGER", nullable: false),
                    tracker_link_id = table.Column<long>(type: "INTEGER", nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    next_attempt_at = table.Column<long>(type: "INTEGER", nullable: true),
                    processed_at = table.Column<long>(type: "INTEGER", nullable: true),
                    last_error = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_outbox", x => x.id);
                    table.ForeignKey(
                        name: "fk_outbox_action_items_action_item_id",
                        column: x => x.action_item_id,
                        principalTable: "action_items",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_outbox_tracker_links_tracker_link_id",
                        column: x => x.tracker_link_id,
                        principalTable: "tracker_links",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_action_item_history_action_item_id_field_at",
                table: "action_item_history",
                columns: new[] { "action_item_id", "field", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_action_item_history_field_at",
                table: "action_item_history",
                columns: new[] { "field", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_action_items_created_at",
                table: "action_items",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "ix_action_items_incident_id_ordinal",
                table: "action_items",
                columns: new[] { "incident_id", "ordinal" });

            migrationBuilder.CreateIndex(
                name: "ix_action_items_owner_id",
                table: "action_items",
                column: "owner_id");

            migrationBuilder.CreateIndex(
                name: "ix_action_items_parent_id",
                table: "action_items",
                column: "parent_id");

            migrationBuilder.CreateIndex(
                name: "ix_action_items_status_owner_id_created_at",
                table: "action_items",
                columns: new[] { "status", "owner_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_action_items_updated_at",
                table: "action_items",
                column: "updated_at");

            migrationBuilder.CreateIndex(
                name: "ix_incidents_incident_date",
                table: "incidents",
                column: "incident_date");

            migrationBuilder.CreateIndex(
                name: "ix_incidents_slug",
                table: "incidents",
                column: "slug",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_incidents_source",
                table: "incidents",
                column: "source");

            migrationBuilder.CreateIndex(
                name: "ix_incidents_started_at",
                table: "incidents",
                column: "started_at");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_action_item_id",
                table: "outbox",
                column: "action_item_id");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_processed_at_next_attempt_at_id",
                table: "outbox",
                columns: new[] { "processed_at", "next_attempt_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_outbox_tracker_link_id",
                table: "outbox",
                column: "tracker_link_id");

            migrationBuilder.CreateIndex(
                name: "ix_people_email",
                table: "people",
                column: "email");

            migrationBuilder.CreateIndex(
                name: "ix_people_git_hub_login",
                table: "people",
                column: "git_hub_login",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_people_phabricator_phid",
                table: "people",
                column: "phabricator_phid",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_people_phabricator_username",
                table: "people",
                column: "phabricator_username",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_prevention_reviews_candidate_action_item_id",
                table: "prevention_reviews",
                column: "candidate_action_item_id");

            migrationBuilder.CreateIndex(
                name: "ix_prevention_reviews_incident_id_candidate_action_item_id",
                table: "prevention_reviews",
                columns: new[] { "incident_id", "candidate_action_item_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_scorecard_answers_incident_id_ordinal",
                table: "scorecard_answers",
                columns: new[] { "incident_id", "ordinal" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_sync_targets_name",
                table: "sync_targets",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_timeline_entries_incident_id_ordinal",
                table: "timeline_entries",
                columns: new[] { "incident_id", "ordinal" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_tracker_links_action_item_id_sync_target_id",
                table: "tracker_links",
                columns: new[] { "action_item_id", "sync_target_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_tracker_links_state",
                table: "tracker_links",
                column: "state");

            migrationBuilder.CreateIndex(
                name: "ix_tracker_links_sync_key",
                table: "tracker_links",
                column: "sync_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_tracker_links_sync_target_id_remote_id",
                table: "tracker_links",
                columns: new[] { "sync_target_id", "remote_id" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "action_item_history");

            migrationBuilder.DropTable(
                name: "outbox");

            migrationBuilder.DropTable(
                name: "prevention_reviews");

            migrationBuilder.DropTable(
                name: "scorecard_answers");

            migrationBuilder.DropTable(
                name: "timeline_entries");

            migrationBuilder.DropTable(
                name: "tracker_links");

            migrationBuilder.DropTable(
                name: "action_items");

            migrationBuilder.DropTable(
                name: "sync_targets");

            migrationBuilder.DropTable(
                name: "incidents");

            migrationBuilder.DropTable(
                name: "people");
        }
    }
}
