namespace Bourse.ActiveSync.Protocol;

/// Either the parsed request line, or the reason it was rejected (and, for the base64 form, the byte offset where).
internal readonly record struct EasRequestLineResult(EasRequestLine? Line, EasRequestLineError Error, int Offset)
{
    internal bool Success => Error == EasRequestLineError.None;

    internal static EasRequestLineResult Ok(EasRequestLine line) => new(line, EasRequestLineError.None, 0);

    internal static EasRequestLineResult Fail(EasRequestLineError error, int offset = 0) => new(null, error, offset);
}
