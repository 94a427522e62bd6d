namespace Bourse.Server.Cli;

/// <summary>Process exit codes: distinct for a bad command line, a failed operation and an unusable environment.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The operation was understood but failed (unknown mailbox, duplicate address, unreadable input…).</summary>
    public const int Failure = 1;

    /// <summary>The command line or configuration is invalid.</summary>
    public const int Usage = 2;

    /// <summary>The environment does not allow the operation: port taken or not permitted, data directory or certificate unusable.</summary>
    public const int Unavailable = 3;

    /// <summary>Interrupted by Ctrl+C (128 + SIGINT).</summary>
    public const int Interrupted = 130;
}
