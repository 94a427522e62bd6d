namespace Bourse.ActiveSync.Mapping;

/// MS-ASAIRS 2.2.2.41.4: the body types a client can ask for and the server returns.
internal enum EasBodyType : byte
{
    PlainText = 1,
    Html = 2,
    Rtf = 3,
    Mime = 4,
}
