namespace Bourse.ActiveSync.Codec;

/// Either the decoded root element, or the reason the document was rejected and the byte offset where.
internal readonly record struct WbxmlDecodeResult(WbxmlElement? Root, WbxmlError Error, int Offset)
{
    internal bool Success => Error == WbxmlError.None;

    internal static WbxmlDecodeResult Ok(WbxmlElement root) => new(root, WbxmlError.None, 0);

    internal static WbxmlDecodeResult Fail(WbxmlError error, int offset) => new(null, error, offset);
}
