namespace Bourse.ActiveSync.Protocol;

/// An ActiveSync command; the values are the command codes of the base64-encoded query value.
// MS-ASHTTP 2.2.1.1.1.1.2: command codes table (5–8, the pre-12.1 collection commands, are not in it); plain-text Cmd uses the same names.
internal enum EasCommand : byte
{
    Sync = 0,
    SendMail = 1,
    SmartForward = 2,
    SmartReply = 3,
    GetAttachment = 4,
    FolderSync = 9,
    FolderCreate = 10,
    FolderDelete = 11,
    FolderUpdate = 12,
    MoveItems = 13,
    GetItemEstimate = 14,
    MeetingResponse = 15,
    Search = 16,
    Settings = 17,
    Ping = 18,
    ItemOperations = 19,
    Provision = 20,
    ResolveRecipients = 21,
    ValidateCert = 22,
    Find = 23,
}
