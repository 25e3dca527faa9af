//! Practices, staff, refresh tokens, clients, audit events and login throttles.
//!
//! Every tenant-owned table is keyed by `(practice_id, id)` and every child refers to its
//! parent through `(practice_id, parent_id)`, so the database refuses a cross-practice link.

use sea_orm_migration::{prelude::*, schema::*};

use crate::keys::tenant_fk;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Practices {
    Table,
    Id,
    Name,
    TimeZone,
    Part2Notice,
    CrisisText,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Staff {
    Table,
    PracticeId,
    Id,
    Name,
    Email,
    PasswordHash,
    Role,
    Active,
    Version,
    PasswordChangedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum RefreshTokens {
    Table,
    PracticeId,
    Id,
    StaffId,
    FamilyId,
    TokenHash,
    ExpiresAt,
    UsedAt,
    RevokedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Clients {
    Table,
    PracticeId,
    Id,
    FirstName,
    LastName,
    PreferredName,
    SearchName,
    DateOfBirth,
    Email,
    Phone,
    PrimarySubstance,
    RecoveryStartDate,
    ClinicianId,
    Status,
    ArchivedAt,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum AuditEvents {
    Table,
    PracticeId,
    Id,
    At,
    ActorId,
    ActorRole,
    Action,
    EntityType,
    EntityId,
    ClientId,
    RequestId,
    Ip,
    Outcome,
    Detail,
}

#[derive(DeriveIden)]
enum LoginThrottles {
    Table,
    AccountKey,
    Failures,
    WindowStartedAt,
    LockedUntil,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Practices::Table)
                    .col(uuid(Practices::Id).primary_key())
                    .col(string(Practices::Name))
                    .col(string(Practices::TimeZone))
                    .col(boolean(Practices::Part2Notice).default(true))
                    .col(text_null(Practices::CrisisText))
                    .col(integer(Practices::Version).default(1))
                    .col(timestamp_with_time_zone(Practices::CreatedAt))
                    .col(timestamp_with_time_zone(Practices::UpdatedAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Staff::Table)
                    .col(uuid(Staff::PracticeId))
                    .col(uuid(Staff::Id))
                    .col(string(Staff::Name))
                    .col(string(Staff::Email))
                    .col(string(Staff::PasswordHash))
                    .col(string(Staff::Role))
                    .col(boolean(Staff::Active).default(true))
                    .col(integer(Staff::Version).default(1))
                    .col(timestamp_with_time_zone(Staff::PasswordChangedAt))
                    .col(timestamp_with_time_zone(Staff::CreatedAt))
                    .col(timestamp_with_time_zone(Staff::UpdatedAt))
                    .primary_key(Index::create().col(Staff::PracticeId).col(Staff::Id))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_staff_practice")
                            .from(Staff::Table, Staff::PracticeId)
                            .to(Practices::Table, Practices::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_staff_email")
                    .table(Staff::Table)
                    .col(Staff::Email)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_staff_practice_name")
                    .table(Staff::Table)
                    .col(Staff::PracticeId)
                    .col(Staff::Name)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(RefreshTokens::Table)
                    .col(uuid(RefreshTokens::PracticeId))
                    .col(uuid(RefreshTokens::Id))
                    .col(uuid(RefreshTokens::StaffId))
                    .col(uuid(RefreshTokens::FamilyId))
                    .col(string(RefreshTokens::TokenHash))
                    .col(timestamp_with_time_zone(RefreshTokens::ExpiresAt))
                    .col(timestamp_with_time_zone_null(RefreshTokens::UsedAt))
                    .col(timestamp_with_time_zone_null(RefreshTokens::RevokedAt))
                    .col(timestamp_with_time_zone(RefreshTokens::CreatedAt))
                    .primary_key(
                        Index::create().col(RefreshTokens::PracticeId).col(RefreshTokens::Id),
                    )
                    .foreign_key(&mut tenant_fk(
                        "fk_refresh_tokens_staff",
                        RefreshTokens::Table,
                        RefreshTokens::StaffId,
                        Staff::Table,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_refresh_tokens_hash")
                    .table(RefreshTokens::Table)
                    .col(RefreshTokens::TokenHash)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_refresh_tokens_family")
                    .table(RefreshTokens::Table)
                    .col(RefreshTokens::PracticeId)
                    .col(RefreshTokens::FamilyId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_refresh_tokens_staff")
                    .table(RefreshTokens::Table)
                    .col(RefreshTokens::PracticeId)
                    .col(RefreshTokens::StaffId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Clients::Table)
                    .col(uuid(Clients::PracticeId))
                    .col(uuid(Clients::Id))
                    .col(string(Clients::FirstName))
                    .col(string(Clients::LastName))
                    .col(string_null(Clients::PreferredName))
                    .col(string(Clients::SearchName))
                    .col(date_null(Clients::DateOfBirth))
                    .col(string_null(Clients::Email))
                    .col(string_null(Clients::Phone))
                    .col(string_null(Clients::PrimarySubstance))
                    .col(date_null(Clients::RecoveryStartDate))
                    .col(uuid_null(Clients::ClinicianId))
                    .col(string(Clients::Status))
                    .col(timestamp_with_time_zone_null(Clients::ArchivedAt))
                    .col(integer(Clients::Version).default(1))
                    .col(timestamp_with_time_zone(Clients::CreatedAt))
                    .col(timestamp_with_time_zone(Clients::UpdatedAt))
                    .primary_key(Index::create().col(Clients::PracticeId).col(Clients::Id))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_clients_practice")
                            .from(Clients::Table, Clients::PracticeId)
                            .to(Practices::Table, Practices::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(&mut tenant_fk(
                        "fk_clients_clinician",
                        Clients::Table,
                        Clients::ClinicianId,
                        Staff::Table,
                    ))
                    .check(Expr::col(Clients::Status).is_in(["active", "archived"]))
                    .to_owned(),
            )
            .await?;
        for (name, cols) in [
            (
                "ix_clients_practice_status_name",
                vec![Clients::PracticeId, Clients::Status, Clients::SearchName],
            ),
            (
                "ix_clients_practice_clinician_status",
                vec![Clients::PracticeId, Clients::ClinicianId, Clients::Status],
            ),
        ] {
            let mut index = Index::create();
            index.name(name).table(Clients::Table);
            for col in cols {
                index.col(col);
            }
            manager.create_index(index.to_owned()).await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(AuditEvents::Table)
                    .col(uuid(AuditEvents::PracticeId))
                    .col(uuid(AuditEvents::Id))
                    .col(timestamp_with_time_zone(AuditEvents::At))
                    .col(uuid_null(AuditEvents::ActorId))
                    .col(string_null(AuditEvents::ActorRole))
                    .col(string(AuditEvents::Action))
                    .col(string(AuditEvents::EntityType))
                    .col(uuid_null(AuditEvents::EntityId))
                    .col(uuid_null(AuditEvents::ClientId))
                    .col(string_null(AuditEvents::RequestId))
                    .col(string_null(AuditEvents::Ip))
                    .col(string(AuditEvents::Outcome))
                    .col(json_binary_null(AuditEvents::Detail))
                    .primary_key(Index::create().col(AuditEvents::PracticeId).col(AuditEvents::Id))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_audit_events_practice")
                            .from(AuditEvents::Table, AuditEvents::PracticeId)
                            .to(Practices::Table, Practices::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, cols) in [
            ("ix_audit_practice_at", vec![AuditEvents::PracticeId, AuditEvents::At]),
            (
                "ix_audit_practice_client_at",
                vec![AuditEvents::PracticeId, AuditEvents::ClientId, AuditEvents::At],
            ),
            (
                "ix_audit_practice_actor_at",
                vec![AuditEvents::PracticeId, AuditEvents::ActorId, AuditEvents::At],
            ),
        ] {
            let mut index = Index::create();
            index.name(name).table(AuditEvents::Table);
            for col in cols {
                index.col(col);
            }
            manager.create_index(index.to_owned()).await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(LoginThrottles::Table)
                    .col(string(LoginThrottles::AccountKey).primary_key())
                    .col(integer(LoginThrottles::Failures))
                    .col(timestamp_with_time_zone(LoginThrottles::WindowStartedAt))
                    .col(timestamp_with_time_zone_null(LoginThrottles::LockedUntil))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            LoginThrottles::Table.into_iden(),
            AuditEvents::Table.into_iden(),
            Clients::Table.into_iden(),
            RefreshTokens::Table.into_iden(),
            Staff::Table.into_iden(),
            Practices::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
