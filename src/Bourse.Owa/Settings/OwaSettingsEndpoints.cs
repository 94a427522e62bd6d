using Bourse.Directory;
using Bourse.Directory.Devices;
using Bourse.Owa.Api;
using Bourse.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bourse.Owa.Settings;

/// <summary>The settings part of the API under /owa/service (docs/owa-api.md, "Settings").</summary>
internal static class OwaSettingsEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var settings = api.MapGroup("/settings");
        settings.MapGet("/oof", (HttpContext c, IMailStore store) => OwaCaller.WithMailbox(c, m => OofApi.GetAsync(store, m, c.RequestAborted)));
        settings.MapPut("/oof", (HttpContext c, IMailStore store) => OwaCaller.WithMailbox(c, m => OofApi.PutAsync(c, store, m)));
        settings.MapGet("/mail", (HttpContext c, IMailStore store) => OwaCaller.WithMailbox(c, m => MailSettingsApi.GetAsync(store, m, c.RequestAborted)));
        settings.MapPut("/mail", (HttpContext c, IMailStore store) => OwaCaller.WithMailbox(c, m => MailSettingsApi.PutAsync(c, store, m)));
        settings.MapGet("/devices", (HttpContext c, IDeviceDirectory devices) =>
            OwaCaller.WithMailbox(c, m => DevicesApi.ListAsync(devices, m, c.RequestAborted)));
        settings.MapDelete("/devices/{deviceId}", (HttpContext c, string deviceId, IDeviceDirectory devices, IMailStore store) =>
            OwaCaller.WithMailbox(c, m => DevicesApi.RemoveAsync(devices, store, m, deviceId, c.RequestAborted)));
        settings.MapPost("/devices/{deviceId}/wipe", (HttpContext c, string deviceId, IDeviceDirectory devices) =>
            OwaCaller.WithMailbox(c, m => DevicesApi.WipeAsync(c, devices, m, deviceId)));
        settings.MapPost("/password", (HttpContext c, IDirectory directory) => OwaCaller.WithMailbox(c, m => PasswordApi.ChangeAsync(c, directory, m)));
    }
}
