using Bourse.ClientAccess.Throttling;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bourse.ClientAccess.Auth;

/// <summary>Registers Client Access authentication and throttling with the host.</summary>
public static class BourseAuthenticationServiceCollectionExtensions
{
    /// <summary>
    /// Adds the Bourse authentication scheme (Basic, NTLM, Negotiate; bearer JWT when "Bourse:Authentication:OAuth" sets an
    /// Authority or Audience) as the default scheme, sign-in lockout and per-user concurrency limits ("Bourse:Throttling").
    /// The host must register an <c>IDirectory</c>. Pipeline: <c>UseAuthentication()</c>, then
    /// <see cref="BourseAuthenticationApplicationBuilderExtensions.UseBourseConcurrencyLimits"/>, then <c>UseAuthorization()</c>.
    /// </summary>
    public static AuthenticationBuilder AddBourseAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(BourseAuthenticationOptions.SectionName);
        services.AddOptions<BourseAuthenticationOptions>(BourseAuthenticationDefaults.Scheme).Bind(section);
        services.AddOptions<BourseThrottlingOptions>().Bind(configuration.GetSection(BourseThrottlingOptions.SectionName));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SignInThrottle>();
        services.TryAddSingleton<ConcurrencyLimiter>();
        services.TryAddSingleton<ThrottleResponder>();
        services.TryAddSingleton<BasicCredentialCache>();

        var builder = services.AddAuthentication(o =>
        {
            o.DefaultScheme = BourseAuthenticationDefaults.Scheme;
            o.DefaultChallengeScheme = BourseAuthenticationDefaults.Scheme;
        });
        builder.AddScheme<BourseAuthenticationOptions, BourseAuthenticationHandler>(BourseAuthenticationDefaults.Scheme, null);

        var oauth = section.GetSection("OAuth").Get<BourseOAuthOptions>() ?? new BourseOAuthOptions();
        if (oauth.IsConfigured)
        {
            builder.AddJwtBearer(BourseAuthenticationDefaults.BearerScheme, o =>
            {
                o.Authority = oauth.Authority;
                o.Audience = oauth.Audience;
                if (!string.IsNullOrWhiteSpace(oauth.MetadataAddress))
                {
                    o.MetadataAddress = oauth.MetadataAddress;
                }
                o.RequireHttpsMetadata = oauth.RequireHttpsMetadata;
                // Keep the token's own claim names (upn, preferred_username, email) for the directory lookup.
                o.MapInboundClaims = false;
                o.TokenValidationParameters.ValidateAudience = !string.IsNullOrWhiteSpace(oauth.Audience);
            });
        }
        return builder;
    }
}
