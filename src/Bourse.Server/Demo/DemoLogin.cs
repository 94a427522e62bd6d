namespace Bourse.Server.Demo;

/// <summary>A demo user's sign-in, printed at every <c>bourse serve --demo</c> start.</summary>
internal sealed record DemoLogin(string Address, string Password, string DisplayName);
