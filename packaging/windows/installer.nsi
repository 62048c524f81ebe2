; The Windows installer built on this Linux machine with Debian's makensis (scripts/windows-installer.sh), our own
; script: Tauri's NSIS bundler downloads a plugin DLL at build time, which these machines cannot do. The release
; workflow keeps building the official MSI/NSIS on Windows.
;
;   well-softphone-setup.exe            per-user: %LOCALAPPDATA%\Programs\Well Softphone, HKCU
;   well-softphone-setup.exe /ALLUSERS  per-machine: %ProgramFiles%\Well Softphone, HKLM (needs an administrator)
;   /S                                  silent (fleet deployment)
;   /POLICY=C:\path\policy.json         the fleet policy, checked by the app (--check-policy) and copied to
;                                       %ProgramData%\Well Softphone\policy.json; a broken one fails the install
;                                       (exit code 2) and leaves nothing behind
; Both add a Start-menu entry, the tel: and callto: link handlers and an Add/Remove Programs entry. The
; uninstaller removes exactly those and keeps the agent's profile (%APPDATA%\well-softphone: settings, logs, the
; saved session) unless given /PURGE.
;
; makensis -DVERSION=x.y.z -DEXE_DIR=<folder with well-softphone.exe and WebView2Loader.dll> -DOUT=<setup.exe>

Unicode true
Target amd64-unicode
SetCompressor /SOLID lzma
!include FileFunc.nsh
!include LogicLib.nsh

!ifndef VERSION
  !error "give -DVERSION=x.y.z"
!endif
!ifndef EXE_DIR
  !error "give -DEXE_DIR=<folder with well-softphone.exe>"
!endif
!ifndef OUT
  !define OUT "well-softphone-setup.exe"
!endif

!define PRODUCT "Well Softphone"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\WellSoftphone"

Name "${PRODUCT}"
OutFile "${OUT}"
Icon "..\..\icons\icon.ico"
UninstallIcon "..\..\icons\icon.ico"
RequestExecutionLevel user
ShowInstDetails nevershow
ShowUninstDetails nevershow
VIProductVersion "${VERSION}.0"
VIAddVersionKey "ProductName" "${PRODUCT}"
VIAddVersionKey "FileVersion" "${VERSION}"
VIAddVersionKey "FileDescription" "${PRODUCT} installer"
VIAddVersionKey "LegalCopyright" "MIT"

Var AllUsers
Var Policy

; The scope of this run: per machine with /ALLUSERS, else per user.
!macro ChooseScope
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/ALLUSERS" $R1
  ${IfNot} ${Errors}
    StrCpy $AllUsers 1
    SetShellVarContext all
  ${Else}
    StrCpy $AllUsers 0
    SetShellVarContext current
  ${EndIf}
!macroend

; A link handler (tel, callto) for the app: "URL:<scheme>" with the command that gets the link as its argument.
!macro RegisterScheme ROOT SCHEME
  WriteRegStr ${ROOT} "Software\Classes\${SCHEME}" "" "URL:${SCHEME}"
  WriteRegStr ${ROOT} "Software\Classes\${SCHEME}" "URL Protocol" ""
  WriteRegStr ${ROOT} "Software\Classes\${SCHEME}\DefaultIcon" "" "$INSTDIR\well-softphone.exe,0"
  WriteRegStr ${ROOT} "Software\Classes\${SCHEME}\shell\open\command" "" '"$INSTDIR\well-softphone.exe" "%1"'
!macroend

!macro WriteEntries ROOT
  !insertmacro RegisterScheme ${ROOT} "tel"
  !insertmacro RegisterScheme ${ROOT} "callto"
  WriteRegStr ${ROOT} "${UNINSTALL_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr ${ROOT} "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr ${ROOT} "${UNINSTALL_KEY}" "Publisher" "Well Softphone"
  WriteRegStr ${ROOT} "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\well-softphone.exe"
  WriteRegStr ${ROOT} "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr ${ROOT} "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"$0'
  WriteRegStr ${ROOT} "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S$0'
  ${If} $Policy != ""
    WriteRegStr ${ROOT} "${UNINSTALL_KEY}" "FleetPolicy" "$1"
  ${EndIf}
  WriteRegDWORD ${ROOT} "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD ${ROOT} "${UNINSTALL_KEY}" "NoRepair" 1
!macroend

!macro RemoveEntries ROOT
  ; A policy this installer put in place goes with it; one placed otherwise (by IT's own tools) stays.
  ReadRegStr $R3 ${ROOT} "${UNINSTALL_KEY}" "FleetPolicy"
  ${If} $R3 != ""
    Delete "$R3"
    ${GetParent} "$R3" $R4
    RMDir "$R4"
  ${EndIf}
  DeleteRegKey ${ROOT} "Software\Classes\tel"
  DeleteRegKey ${ROOT} "Software\Classes\callto"
  DeleteRegKey ${ROOT} "${UNINSTALL_KEY}"
!macroend

Function .onInit
  !insertmacro ChooseScope
  ${If} $AllUsers == 1
    StrCpy $INSTDIR "$PROGRAMFILES64\${PRODUCT}"
  ${Else}
    StrCpy $INSTDIR "$LOCALAPPDATA\Programs\${PRODUCT}"
  ${EndIf}
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/POLICY=" $Policy
  ${If} ${Errors}
    StrCpy $Policy ""
  ${ElseIfNot} ${FileExists} "$Policy"
    MessageBox MB_ICONSTOP "The policy file $Policy does not exist." /SD IDOK
    SetErrorLevel 2
    Quit
  ${EndIf}
FunctionEnd

; The app checks the policy before it is put in place (its own parser, so the installer and the app agree).
Function CheckPolicy
  ${If} $Policy == ""
    Return
  ${EndIf}
  ClearErrors
  ExecWait '"$INSTDIR\well-softphone.exe" --check-policy "$Policy"' $R5
  ${If} ${Errors}
  ${OrIf} $R5 != 0
    MessageBox MB_ICONSTOP "The policy file $Policy is unusable (well-softphone.exe --check-policy says why); nothing was installed." /SD IDOK
    Delete "$INSTDIR\well-softphone.exe"
    Delete "$INSTDIR\WebView2Loader.dll"
    ; Out of the folder first: it is the working directory since SetOutPath, and RMDir cannot remove that.
    SetOutPath "$TEMP"
    RMDir "$INSTDIR"
    SetErrorLevel 2
    Quit
  ${EndIf}
FunctionEnd

Section "Install"
  SetOutPath "$INSTDIR"
  File "${EXE_DIR}\well-softphone.exe"
  File "${EXE_DIR}\WebView2Loader.dll"
  Call CheckPolicy
  ${If} $Policy != ""
    ; Machine-wide, whatever the scope of the app: %ProgramData%\Well Softphone\policy.json.
    SetShellVarContext all
    CreateDirectory "$APPDATA\${PRODUCT}"
    CopyFiles /SILENT /FILESONLY "$Policy" "$APPDATA\${PRODUCT}\policy.json"
    StrCpy $1 "$APPDATA\${PRODUCT}\policy.json"
    ${If} $AllUsers == 0
      SetShellVarContext current
    ${EndIf}
  ${EndIf}
  WriteUninstaller "$INSTDIR\uninstall.exe"
  CreateShortcut "$SMPROGRAMS\${PRODUCT}.lnk" "$INSTDIR\well-softphone.exe"
  ${If} $AllUsers == 1
    StrCpy $0 " /ALLUSERS"
    !insertmacro WriteEntries HKLM
  ${Else}
    StrCpy $0 ""
    !insertmacro WriteEntries HKCU
  ${EndIf}
SectionEnd

Function un.onInit
  !insertmacro ChooseScope
FunctionEnd

Section "Uninstall"
  Delete "$INSTDIR\well-softphone.exe"
  Delete "$INSTDIR\WebView2Loader.dll"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\${PRODUCT}.lnk"
  ${If} $AllUsers == 1
    !insertmacro RemoveEntries HKLM
  ${Else}
    !insertmacro RemoveEntries HKCU
  ${EndIf}
  ; The agent's profile stays (a reinstall finds its settings and session) unless /PURGE asks otherwise.
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/PURGE" $R1
  ${IfNot} ${Errors}
    SetShellVarContext current
    RMDir /r "$APPDATA\well-softphone"
    RMDir /r "$LOCALAPPDATA\cc.wellcloud.softphone"
  ${EndIf}
SectionEnd
