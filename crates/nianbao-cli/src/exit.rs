//! Exit statuses of the command-line contract (FORM.md).

use std::process::ExitCode;

/// How a command ended. Ordered so that the worst outcome is the maximum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// 0: no errors.
    Ok,
    /// 1: the reports were read, but consistency errors were found.
    Inconsistent,
    /// 2: an input could not be read or parsed, or an output not written.
    Failed,
}

impl Status {
    /// The process exit code.
    pub fn code(self) -> u8 {
        match self {
            Status::Ok => 0,
            Status::Inconsistent => 1,
            Status::Failed => 2,
        }
    }
}

impl From<Status> for ExitCode {
    fn from(s: Status) -> ExitCode {
        ExitCode::from(s.code())
    }
}
