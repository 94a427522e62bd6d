using Bourse.Server.Cli;

return await BourseCli.RunAsync(args);
