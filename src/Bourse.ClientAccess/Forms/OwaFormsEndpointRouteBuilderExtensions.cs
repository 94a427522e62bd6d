using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace Bourse.ClientAccess.Forms;

/// <summary>Maps the OWA forms sign-in endpoints.</summary>
public static class OwaFormsEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>GET /owa/auth/logon.aspx</c> (the form), <c>POST /owa/auth.owa</c> (its target), <c>GET/POST
    /// /owa/logoff.owa</c> and a fallback <c>GET /owa/</c> start page (order 1000, so the web client's own /owa/ endpoint
    /// wins when mapped) that sends browsers without a session to the form. Requires
    /// <see cref="OwaFormsServiceCollectionExtensions.AddBourseFormsSignIn"/>, and <c>UseAuthentication()</c> and
    /// <c>UseAuthorization()</c> in the pipeline.
    /// </summary>
    public static IEndpointConventionBuilder MapBourseFormsSignIn(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("");
        group.MapMethods(OwaFormsDefaults.LogonPath, ["GET", "HEAD"], OwaSignInEndpoints.LogonPageAsync).AllowAnonymous();
        group.MapPost(OwaFormsDefaults.FormTargetPath, OwaSignInEndpoints.SignInAsync).AllowAnonymous();
        group.MapMethods(OwaFormsDefaults.LogoffPath, ["GET", "POST"], OwaSignInEndpoints.SignOutAsync).AllowAnonymous();
        group.MapGet("/owa", OwaSignInEndpoints.StartPageAsync).RequireAuthorization().Add(e => ((RouteEndpointBuilder)e).Order = 1000);
        return group;
    }
}
