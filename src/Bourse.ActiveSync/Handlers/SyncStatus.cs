namespace Bourse.ActiveSync.Handlers;

/// MS-ASCMD 2.2.3.177.17: Status values of the Sync command (request, collection and item level).
internal static class SyncStatus
{
    internal const int Success = 1;

    /// Invalid or mismatched synchronization key: the client starts over at SyncKey 0.
    internal const int InvalidSyncKey = 3;

    /// Protocol error: the request is malformed (missing SyncKey or CollectionId, Wait with HeartbeatInterval …).
    internal const int ProtocolError = 4;

    internal const int ServerError = 5;

    /// Error in client/server conversion: the ApplicationData could not be turned into an item.
    internal const int ConversionError = 6;

    /// Conflict matching the client and server object: the server's version wins.
    internal const int Conflict = 7;

    /// Object not found: an unknown item, or a collection the mailbox does not have.
    internal const int ObjectNotFound = 8;

    /// The folder hierarchy has changed: a collection the device synced is gone; it runs FolderSync.
    internal const int FolderHierarchyChanged = 12;

    /// An empty or partial request with nothing cached to complete it: the client sends the full request.
    internal const int IncompleteRequest = 13;

    /// Wait or HeartbeatInterval outside the server's bounds; the response carries the Limit.
    internal const int InvalidWaitOrHeartbeat = 14;

    /// Too many collections in one request.
    internal const int TooManyCollections = 15;
}
