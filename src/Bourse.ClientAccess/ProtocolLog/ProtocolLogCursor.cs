namespace Bourse.ClientAccess.ProtocolLog;

/// <summary>Where a <see cref="ProtocolLogReader"/> is: which file, and the byte after the last complete line read.</summary>
internal sealed class ProtocolLogCursor
{
    public string? Path { get; private set; }

    public DateOnly Day { get; private set; }

    public int Sequence { get; private set; }

    public long Position { get; set; }

    public void MoveTo((string Path, DateOnly Day, int Sequence) file) =>
        (Path, Day, Sequence, Position) = (file.Path, file.Day, file.Sequence, 0);
}
