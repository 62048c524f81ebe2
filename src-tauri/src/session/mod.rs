//! The backend the windows talk to: what `tauri::State` holds and the tasks that carry updates out, the saved
//! session and the OS keyring it keeps the token in, and which server a run talks to.

pub mod backend;
pub mod saved_session;
pub mod secrets;
pub mod server_choice;
pub mod update_channels;
