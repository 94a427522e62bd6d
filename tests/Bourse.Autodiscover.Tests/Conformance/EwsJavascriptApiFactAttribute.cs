using Bourse.Testing;
namespace Bourse.Autodiscover.Tests.Conformance;

/// A fact reported as skipped on a machine without node or without `npm ci` run in tests/Bourse.Autodiscover.Tests/js.
public sealed class EwsJavascriptApiFactAttribute : FactAttribute
{
    private static readonly Lazy<bool> Available = new(() => ExternalTool.HasEwsJavascriptApi);

    public EwsJavascriptApiFactAttribute()
    {
        if (!Available.Value)
            Skip = "ews-javascript-api is not installed (cd tests/Bourse.Autodiscover.Tests/js && npm ci)";
    }
}
