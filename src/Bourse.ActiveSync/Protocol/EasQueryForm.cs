namespace Bourse.ActiveSync.Protocol;

/// Which of the two request-line encodings the client used.
// MS-ASHTTP 2.2.1.1.1: the query value is either base64-encoded (2.2.1.1.1.1) or plain text (2.2.1.1.1.2).
internal enum EasQueryForm
{
    PlainText = 0,
    Base64 = 1,
}
