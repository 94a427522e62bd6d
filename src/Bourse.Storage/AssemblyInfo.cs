namespace Bourse.Storage;
