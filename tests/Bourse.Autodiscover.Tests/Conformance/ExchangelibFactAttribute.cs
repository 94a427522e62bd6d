using Bourse.Testing;
namespace Bourse.Autodiscover.Tests.Conformance;

/// A fact that is reported as skipped (not silently passed) on a machine without Debian's python3-exchangelib.
public sealed class ExchangelibFactAttribute : FactAttribute
{
    private static readonly Lazy<bool> Available = new(() => ExternalTool.HasExchangelib);

    public ExchangelibFactAttribute()
    {
        if (!Available.Value)
            Skip = "python3-exchangelib is not installed (apt-get install python3-exchangelib)";
    }
}
