import com.adobe.epubcheck.api.EpubCheck;
import java.io.File;
import java.io.PrintWriter;

/** EPUBCheck on every file named, in one JVM, so a JVM's start (most of the time) is paid once.
 *  Prints EPUBCheck's messages for each file, then "RESULT <file> valid|invalid". */
public class EpubCheckAll {
  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    for (String name : args) {
      boolean valid = new EpubCheck(new File(name)).validate();
      out.println("RESULT " + name + (valid ? " valid" : " invalid"));
    }
  }
}
