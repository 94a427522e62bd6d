namespace Bourse.ActiveSync.Mapping;

/// MS-ASCMD 2.2.3.110.3: MIMESupport — when the server sends the message's MIME instead of a body (default 0).
internal enum MimeSupport : byte
{
    Never = 0,
    SmimeOnly = 1,
    Always = 2,
}
