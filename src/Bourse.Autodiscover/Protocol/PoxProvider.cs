namespace Bourse.Autodiscover.Protocol;

// Which Autodiscover provider a POX request addresses (chosen by its AcceptableResponseSchema).
internal enum PoxProvider
{
    Outlook,
    MobileSync,
}
