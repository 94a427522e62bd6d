namespace Bourse.Owa.Mail;

// The JSON shapes of docs/owa-api.md (Session, Folders, Messages, Compose), serialized with OwaJson's camelCase options.
// They are the contract with the browser client, kept together so the whole surface reads in one place.

internal sealed record SessionInfo(string DisplayName, string Address, string TimeZone, string SignatureHtml, bool AutoAddSignature, string Domain);

internal sealed record AddressDto(string Name, string Address);

internal sealed record FolderDto(string Id, string? ParentId, string Name, string? WellKnown, string Kind, int UnreadCount, int TotalCount, bool HasChildren);

internal sealed record FolderListDto(IReadOnlyList<FolderDto> Folders);

internal sealed record NewFolderRequest(string? ParentId, string? Name);

internal sealed record MessageSummaryDto(
    string Id,
    string FolderId,
    string Subject,
    AddressDto? From,
    DateTime ReceivedUtc,
    bool IsRead,
    string Flag,
    string Importance,
    bool HasAttachments,
    long Size,
    string Preview);

internal sealed record MessagePageDto(IReadOnlyList<MessageSummaryDto> Items, int Total, int Offset);

internal sealed record AttachmentDto(string Id, string Name, string ContentType, long Size, bool IsInline, string? ContentId);

internal sealed record MessageDto(
    string Id,
    string FolderId,
    string Subject,
    AddressDto? From,
    DateTime ReceivedUtc,
    bool IsRead,
    string Flag,
    string Importance,
    bool HasAttachments,
    long Size,
    string Preview,
    IReadOnlyList<AddressDto> To,
    IReadOnlyList<AddressDto> Cc,
    IReadOnlyList<AddressDto> Bcc,
    IReadOnlyList<AddressDto> ReplyTo,
    DateTime? SentUtc,
    string BodyHtml,
    string BodyText,
    int BlockedImages,
    IReadOnlyList<AttachmentDto> Attachments,
    string? InternetMessageId,
    bool IsDraft);

internal sealed record MessagePatchRequest(bool? IsRead, string? Flag);

internal sealed record MessageActionRequest(string? Action, IReadOnlyList<string>? Ids, string? FolderId, bool? Permanent);

internal sealed record MessageActionResult(string Id, bool Ok, string? NewId, string? Error);

internal sealed record MessageActionResponse(IReadOnlyList<MessageActionResult> Results);

internal sealed record DraftRequest(
    IReadOnlyList<AddressDto?>? To,
    IReadOnlyList<AddressDto?>? Cc,
    IReadOnlyList<AddressDto?>? Bcc,
    string? Subject,
    string? BodyHtml,
    string? Importance);

internal sealed record ReplyRequest(string? Mode);

internal sealed record SendResponse(string? SentId);
