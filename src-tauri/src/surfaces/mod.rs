//! What the agent sees and presses outside the page: the tray ([`tray_view`] what it shows), the incoming-call
//! popup, the OS notification with its buttons ([`call_notification`], [`notified_calls`] which call each one
//! stands for; [`follow`] keeps them in step with the session), global hotkeys and their status, what a key or
//! menu item does ([`agent_actions`], [`tray_menu`]), missed calls until seen ([`missed_calls`]), click-to-dial, the main window, its crash reload and how WebKit draws it
//! ([`webkit_tuning`]), and the native texts.

pub mod agent_actions;
pub(crate) mod call_notification;
pub(crate) mod click_to_dial;
pub(crate) mod follow;
pub mod hotkeys;
pub(crate) mod labels;
pub(crate) mod missed_calls;
pub mod native_texts;
pub(crate) mod notified_calls;
pub(crate) mod popup;
pub(crate) mod tray;
pub(crate) mod tray_menu;
pub(crate) mod tray_view;
pub(crate) mod webkit_tuning;
pub(crate) mod webview_crash;
pub(crate) mod window;
