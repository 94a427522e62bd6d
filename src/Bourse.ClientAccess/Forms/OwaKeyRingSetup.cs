using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bourse.ClientAccess.Forms;

/// <summary>
/// Keeps the data-protection key ring (which encrypts session cookies and anti-forgery tokens) under the data
/// directory, readable by the service account only, so a restart keeps everyone signed in.
/// </summary>
internal sealed class OwaKeyRingSetup(IOptions<BourseOwaOptions> owa, ILoggerFactory loggers) : IConfigureOptions<KeyManagementOptions>
{
    public void Configure(KeyManagementOptions options)
    {
        var directory = owa.Value.ResolveKeysDirectory();
        if (directory is null)
        {
            return;
        }
        if (OperatingSystem.IsWindows())
        {
            System.IO.Directory.CreateDirectory(directory);
        }
        else
        {
            System.IO.Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        options.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(directory), loggers);
    }
}
