//! Shared pieces of the schema: the tenant-scoped foreign key and index builders every
//! migration uses, so each table's keys are written the same way.

use sea_orm_migration::prelude::*;

#[derive(DeriveIden)]
enum Practices {
    Table,
    Id,
}

/// A foreign key `(practice_id, from_col)` → `to (practice_id, id)`: a row can only point
/// at a row of its own practice.
pub fn tenant_fk(
    name: &str,
    from: impl IntoTableRef,
    from_col: impl IntoIden,
    to: impl IntoTableRef,
) -> ForeignKeyCreateStatement {
    #[derive(DeriveIden)]
    enum K {
        PracticeId,
        Id,
    }
    ForeignKey::create()
        .name(name)
        .from(from, (K::PracticeId, from_col.into_iden()))
        .to(to, (K::PracticeId, K::Id))
        .on_delete(ForeignKeyAction::Restrict)
        .on_update(ForeignKeyAction::Restrict)
        .to_owned()
}

pub fn practice_fk(name: &str, from: impl IntoTableRef) -> ForeignKeyCreateStatement {
    #[derive(DeriveIden)]
    enum K {
        PracticeId,
    }
    ForeignKey::create()
        .name(name)
        .from(from, K::PracticeId)
        .to(Practices::Table, Practices::Id)
        .on_delete(ForeignKeyAction::Restrict)
        .to_owned()
}

pub async fn index(
    manager: &SchemaManager<'_>,
    name: &str,
    table: impl IntoIden,
    cols: Vec<DynIden>,
    unique: bool,
) -> Result<(), DbErr> {
    let mut index = Index::create();
    index.name(name).table(table);
    for col in cols {
        index.col(col);
    }
    if unique {
        index.unique();
    }
    manager.create_index(index.to_owned()).await
}

/// A CHECK that a column holds one of `values` (the wire values of an enum).
pub fn one_of(column: impl IntoIden, values: &[&str]) -> SimpleExpr {
    Expr::col(column).is_in(values.iter().copied())
}
