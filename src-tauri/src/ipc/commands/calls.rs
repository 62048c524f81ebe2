//! Dialling and call control. The number typed in the dial pad arrives here once and is held by the client
//! only (as a `Secret`); everything sent back carries display forms.

use serde::Deserialize;
use tauri::State;
use well_callmodel::{focus, CallAction};
use well_client::session::{CallCommand, DialOptions};
use well_codes::Code;
use well_protocol::ids::CallId;
use well_protocol::redact::Secret;

use crate::ipc::error::{IpcError, IpcResult};
use crate::session::backend::Backend;

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DialForm {
    pub number: String,
    pub prefix: Option<String>,
    pub origin_for_display: Option<String>,
    pub dest_for_display: Option<String>,
    pub cpa: bool,
}

fn some_text(s: Option<String>) -> Option<String> {
    s.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

/// Returns the new call's id.
#[tauri::command]
pub async fn make_call(form: DialForm, backend: State<'_, Backend>) -> IpcResult<String> {
    let opts = DialOptions {
        prefix: some_text(form.prefix),
        origin_for_display: some_text(form.origin_for_display),
        dest_for_display: some_text(form.dest_for_display),
        cpa: form.cpa,
    };
    let call = backend
        .handle
        .make_call(Secret::new(form.number.trim()), opts)
        .await?;
    Ok(call.as_str().to_owned())
}

/// Dial the click-to-dial number the backend holds (the window only ever saw its display form).
#[tauri::command]
pub async fn dial_pending(form: DialForm, backend: State<'_, Backend>) -> IpcResult<String> {
    let pending = backend
        .pending_dial
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .take();
    let Some((raw, display)) = pending else {
        return Err(IpcError::new(
            Code::DialNothingPending,
            "there is no number waiting to be dialled",
        ));
    };
    let opts = DialOptions {
        prefix: some_text(form.prefix),
        origin_for_display: some_text(form.origin_for_display),
        dest_for_display: some_text(form.dest_for_display),
        cpa: form.cpa,
    };
    match backend.handle.make_call(raw.clone(), opts).await {
        Ok(call) => Ok(call.as_str().to_owned()),
        Err(e) => {
            // A refused dial (too soon, not logged in, server down) keeps the number waiting, unless
            // another link has replaced it meanwhile.
            let mut slot = backend
                .pending_dial
                .lock()
                .unwrap_or_else(|p| p.into_inner());
            if slot.is_none() {
                *slot = Some((raw, display));
            }
            Err(e.into())
        }
    }
}

#[tauri::command]
pub async fn cancel_pending_dial(backend: State<'_, Backend>) -> IpcResult<()> {
    backend
        .pending_dial
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .take();
    Ok(())
}

#[tauri::command]
pub async fn history(
    backend: State<'_, Backend>,
) -> IpcResult<Vec<well_client::history::HistoryEntry>> {
    Ok(backend.handle.history().await?)
}

/// The agent saw these history entries (`None`: all): the missed calls among them stop counting. Returns the
/// missed calls still unseen.
#[tauri::command]
pub async fn history_seen(app: tauri::AppHandle, ids: Option<Vec<u64>>) -> IpcResult<usize> {
    crate::surfaces::missed_calls::seen(&app, ids).await
}

/// Dial a history entry again: the raw number only the backend holds (a missed call called back is seen).
#[tauri::command]
pub async fn redial(
    app: tauri::AppHandle,
    id: u64,
    prefix: Option<String>,
    backend: State<'_, Backend>,
) -> IpcResult<String> {
    let call = backend.handle.redial(id, some_text(prefix)).await?;
    crate::surfaces::follow::refresh(&app, false).await;
    Ok(call.as_str().to_owned())
}

#[tauri::command]
pub async fn prefixes(backend: State<'_, Backend>) -> IpcResult<Vec<String>> {
    Ok(backend.handle.prefixes().await?)
}

/// The command for an action word of the call's `allowed` list; `number` for consult and single-step ones.
pub fn command(action: &str, number: Option<String>) -> IpcResult<CallCommand> {
    let number = || {
        some_text(number.clone())
            .ok_or_else(|| IpcError::new(Code::CallNoNumber, "this action needs a number"))
    };
    Ok(match action {
        "answer" => CallCommand::Answer,
        "hang_up" => CallCommand::HangUp,
        "hold" => CallCommand::Hold,
        "retrieve" => CallCommand::Retrieve,
        "consult" => CallCommand::Consult { number: number()? },
        "cancel_consult" => CallCommand::CancelConsult,
        "conference" => CallCommand::Conference,
        "transfer" => CallCommand::Transfer,
        "single_step_transfer" => CallCommand::SingleStepTransfer { number: number()? },
        "single_step_conference" => CallCommand::SingleStepConference { number: number()? },
        other => {
            return Err(IpcError::new(
                Code::CallBadAction,
                format!("unknown call action '{other}'"),
            ))
        }
    })
}

#[tauri::command]
pub async fn call_action(
    call_id: String,
    action: String,
    number: Option<String>,
    backend: State<'_, Backend>,
) -> IpcResult<()> {
    let cmd = command(&action, number)?;
    Ok(backend.handle.call(&CallId::new(call_id), cmd).await?)
}

/// A shortcut's action word (`hold_or_retrieve` too) as the model's actions to try, each with its word.
fn key_actions(action: &str) -> IpcResult<Vec<(CallAction, &str)>> {
    let words: &[&str] = match action {
        "hold_or_retrieve" => &["hold", "retrieve"],
        _ => std::slice::from_ref(&action),
    };
    words
        .iter()
        .map(|w| {
            CallAction::ALL
                .into_iter()
                .find(|a| serde_json::to_value(a).is_ok_and(|v| v == *w))
                .map(|a| (a, *w))
                .ok_or_else(|| {
                    IpcError::new(Code::CallBadAction, format!("unknown call action '{w}'"))
                })
        })
        .collect()
}

/// A keyboard shortcut for a call action that needs no number: the call it means is the backend's choice
/// (`focus::call_for`, as for the global hotkeys). `hold_or_retrieve` holds the call being talked on, else
/// retrieves a held one. Returns the call acted on.
#[tauri::command]
pub async fn key_action(action: String, backend: State<'_, Backend>) -> IpcResult<String> {
    let wanted = key_actions(&action)?;
    let s = backend.handle.snapshot().await?;
    let (call, word) = wanted
        .iter()
        .find_map(|(a, w)| focus::call_for(*a, &s.calls).map(|c| (c.call_id.clone(), *w)))
        .ok_or_else(|| IpcError::new(Code::ActionNotNow, format!("no call to {action} now")))?;
    backend.handle.call(&call, command(word, None)?).await?;
    Ok(call.as_str().to_owned())
}

#[tauri::command]
pub async fn set_call_data(
    call_id: String,
    entries: serde_json::Value,
    backend: State<'_, Backend>,
) -> IpcResult<()> {
    if !entries.is_object() {
        return Err(IpcError::new(
            Code::CallBadData,
            "call data is a set of key/value pairs",
        ));
    }
    Ok(backend
        .handle
        .set_call_data(&CallId::new(call_id), entries)
        .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shortcut_names_a_model_action_or_hold_or_retrieve_and_nothing_else() {
        assert_eq!(
            key_actions("transfer").unwrap(),
            vec![(CallAction::Transfer, "transfer")]
        );
        assert_eq!(
            key_actions("hold_or_retrieve").unwrap(),
            vec![
                (CallAction::Hold, "hold"),
                (CallAction::Retrieve, "retrieve")
            ]
        );
        assert_eq!(key_actions("explode").unwrap_err().code, "call.bad_action");
    }

    #[test]
    fn every_action_word_of_the_model_maps_to_a_command() {
        for action in well_callmodel::CallAction::ALL {
            let word = serde_json::to_value(action).unwrap();
            let word = word.as_str().unwrap();
            assert!(command(word, Some("8002".into())).is_ok(), "{word}");
        }
        assert_eq!(command("consult", None).unwrap_err().code, "call.no_number");
        assert_eq!(
            command("consult", Some(" 8002 ".into())).unwrap(),
            CallCommand::Consult {
                number: "8002".into()
            }
        );
        assert_eq!(command("park", None).unwrap_err().code, "call.bad_action");
    }
}
