namespace Bourse.ClientAccess.Routing;

/// <summary>What a canonical path addresses.</summary>
public enum ClientAccessRouteKind
{
    /// <summary>A protocol endpoint under one of the protocol prefixes.</summary>
    Protocol = 0,

    /// <summary>A load-balancer probe: <c>/healthz</c> or <c>/{protocol}/healthcheck.htm</c>.</summary>
    HealthCheck = 1,

    /// <summary>The landing page at <c>/</c>.</summary>
    Landing = 2,
}
