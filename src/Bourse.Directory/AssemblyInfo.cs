namespace Bourse.Directory;
