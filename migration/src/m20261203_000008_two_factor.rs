//! Optional TOTP two-factor sign-in for staff, and a practice setting that requires it.
//!
//! The member's secret (base32) is kept beside a pending one (set up but not yet confirmed
//! with a code), the last time step a code was accepted for (a code works once), and the
//! SHA-256 hashes of their unused recovery codes (a JSON array). Row-level security covers
//! these columns with the rest of the staff row.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Practices {
    Table,
    RequireTwoFactor,
}

#[derive(DeriveIden)]
enum Staff {
    Table,
    TotpSecret,
    TotpPendingSecret,
    TotpEnabledAt,
    TotpLastStep,
    RecoveryCodes,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Practices::Table)
                    .add_column(boolean(Practices::RequireTwoFactor).default(false))
                    .to_owned(),
            )
            .await?;
        // One column per statement: SQLite adds one at a time.
        for column in [
            text_null(Staff::TotpSecret),
            text_null(Staff::TotpPendingSecret),
            timestamp_with_time_zone_null(Staff::TotpEnabledAt),
            big_integer_null(Staff::TotpLastStep),
            text_null(Staff::RecoveryCodes),
        ] {
            let mut column = column;
            manager
                .alter_table(Table::alter().table(Staff::Table).add_column(&mut column).to_owned())
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            Staff::TotpSecret,
            Staff::TotpPendingSecret,
            Staff::TotpEnabledAt,
            Staff::TotpLastStep,
            Staff::RecoveryCodes,
        ] {
            manager
                .alter_table(Table::alter().table(Staff::Table).drop_column(column).to_owned())
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Practices::Table)
                    .drop_column(Practices::RequireTwoFactor)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}
