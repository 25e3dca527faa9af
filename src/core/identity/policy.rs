//! Who may do what: the one permission matrix of Daybreak.
//!
//! Handlers ask `staff.require(Action::...)`; the caseload rule (a clinician sees only the
//! clients assigned to them) is `client_scope`.

use uuid::Uuid;

/// A staff member's role (the column type of `staff.role`, defined with the other states).
pub use crate::entities::states::Role;

impl Role {
    /// Whether the role reads clinical content (notes, relapses, check-ins, reports).
    pub fn has_clinical_access(self) -> bool {
        matches!(self, Role::Owner | Role::Supervisor | Role::Clinician)
    }
}

/// Everything a staff member can ask to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// Add staff, change roles, deactivate.
    ManageStaff,
    /// Read the practice settings and change them.
    ManagePractice,
    /// Read the audit log.
    ReadAudit,
    /// See the names of the practice's clinicians (to assign a client).
    ReadClinicianDirectory,
    /// List and read client demographics (subject to the caseload scope).
    ReadClients,
    /// Create a client.
    CreateClient,
    /// Change a client's demographics.
    EditClient,
    /// Assign a client to any clinician.
    AssignClinician,
    /// Archive or restore a client.
    ArchiveClient,
    /// Read clinical content: streaks, notes, relapses, check-ins, progress.
    ReadClinical,
    /// Write clinical content.
    WriteClinical,
    /// Co-sign another clinician's signed note.
    CosignNote,
    /// Issue and revoke a client's self-report link.
    ManageSelfReportLinks,
    /// Export a progress report.
    ExportReport,
    /// Read, record and revoke a client's Part 2 consents, and read their disclosures.
    ManageConsents,
}

impl Action {
    pub const ALL: [Action; 15] = [
        Action::ManageStaff,
        Action::ManagePractice,
        Action::ReadAudit,
        Action::ReadClinicianDirectory,
        Action::ReadClients,
        Action::CreateClient,
        Action::EditClient,
        Action::AssignClinician,
        Action::ArchiveClient,
        Action::ReadClinical,
        Action::WriteClinical,
        Action::CosignNote,
        Action::ManageSelfReportLinks,
        Action::ExportReport,
        Action::ManageConsents,
    ];
}

/// The permission matrix: columns are owner, supervisor, clinician, front desk.
const MATRIX: [(Action, [bool; 4]); 15] = [
    (Action::ManageStaff, [true, false, false, false]),
    (Action::ManagePractice, [true, false, false, false]),
    (Action::ReadAudit, [true, false, false, false]),
    (Action::ReadClinicianDirectory, [true, true, true, true]),
    (Action::ReadClients, [true, true, true, true]),
    (Action::CreateClient, [true, true, true, true]),
    (Action::EditClient, [true, true, true, true]),
    (Action::AssignClinician, [true, true, false, true]),
    (Action::ArchiveClient, [true, true, true, false]),
    (Action::ReadClinical, [true, true, true, false]),
    (Action::WriteClinical, [true, true, true, false]),
    (Action::CosignNote, [true, true, false, false]),
    (Action::ManageSelfReportLinks, [true, true, true, true]),
    (Action::ExportReport, [true, true, true, false]),
    // The front desk records the signed paper; a consent holds no clinical content.
    (Action::ManageConsents, [true, true, true, true]),
];

/// Whether `role` may do `action`.
pub fn allows(role: Role, action: Action) -> bool {
    let column = match role {
        Role::Owner => 0,
        Role::Supervisor => 1,
        Role::Clinician => 2,
        Role::FrontDesk => 3,
    };
    MATRIX.iter().find(|(a, _)| *a == action).map(|(_, row)| row[column]).unwrap_or(false)
}

/// Which of the practice's clients a staff member can reach at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClientScope {
    /// Every client of the practice.
    All,
    /// Only the clients whose `clinician_id` is this staff member.
    AssignedTo(Uuid),
}

/// A clinician works with their own caseload; everyone else reaches every client (front
/// desk only their demographics).
pub fn client_scope(role: Role, staff_id: Uuid) -> ClientScope {
    match role {
        Role::Clinician => ClientScope::AssignedTo(staff_id),
        Role::Owner | Role::Supervisor | Role::FrontDesk => ClientScope::All,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_has_exactly_one_row() {
        for action in Action::ALL {
            assert_eq!(MATRIX.iter().filter(|(a, _)| *a == action).count(), 1, "{action:?}");
        }
    }

    #[test]
    fn front_desk_has_no_clinical_action() {
        for action in
            [Action::ReadClinical, Action::WriteClinical, Action::CosignNote, Action::ExportReport]
        {
            assert!(!allows(Role::FrontDesk, action), "{action:?}");
        }
        assert!(!Role::FrontDesk.has_clinical_access());
    }

    #[test]
    fn only_owners_manage_staff_settings_and_audit() {
        for &role in Role::ALL {
            for action in [Action::ManageStaff, Action::ManagePractice, Action::ReadAudit] {
                assert_eq!(allows(role, action), role == Role::Owner, "{role:?} {action:?}");
            }
        }
    }

    #[test]
    fn clinical_access_agrees_with_the_matrix() {
        for &role in Role::ALL {
            assert_eq!(role.has_clinical_access(), allows(role, Action::ReadClinical));
        }
    }

    #[test]
    fn roles_round_trip_through_their_wire_names() {
        for &role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("admin"), None);
    }
}
