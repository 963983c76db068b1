//! nianbao-export
