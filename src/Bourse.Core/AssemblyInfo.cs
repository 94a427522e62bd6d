namespace Bourse.Core;
