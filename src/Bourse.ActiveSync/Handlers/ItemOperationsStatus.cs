namespace Bourse.ActiveSync.Handlers;

/// MS-ASCMD 2.2.3.177.8: the ItemOperations Status values this server answers with.
internal static class ItemOperationsStatus
{
    internal const int Success = 1;

    /// Protocol error: the operation is missing a required element or has a malformed one.
    internal const int ProtocolError = 2;

    /// Server error: the operation failed on the server (also: an operation this server does not perform).
    internal const int ServerError = 3;

    /// The object was not found or access was denied (a ServerId, LongId or folder the caller's mailbox does not have).
    internal const int ObjectNotFound = 6;

    /// The byte range is invalid or too large.
    internal const int ByteRangeInvalid = 8;

    /// The store is unknown or not supported (only "Mailbox" is; no document libraries).
    internal const int StoreUnknown = 9;

    /// The item could not be converted for the client.
    internal const int ConversionFailed = 14;

    /// Attachment fetch: the attachment or its FileReference is invalid.
    internal const int InvalidAttachment = 15;

    /// EmptyFolderContents: some of the folder could not be emptied.
    internal const int PartialSuccess = 17;
}
