namespace Bourse.Autodiscover.Protocol;

// Why a SOAP request was refused as a whole.
internal enum SoapFaultCode
{
    // SOAP 1.1 §4.4.1 Client / SOAP 1.2 Sender: the message is malformed.
    Client,

    // WS-Addressing / WCF: the body names an operation this service does not have (what exchangelib looks for).
    ActionNotSupported,

    // SOAP 1.1 Server / 1.2 Receiver: our fault, the client may retry.
    Server,
}
