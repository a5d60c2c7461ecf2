package io.chektbridge.daemon.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SideFileTest {
  @TempDir Path dir;

  @Test
  void aWrittenLineReplacesTheOldOneWhole() throws IOException {
    SideFile f = new SideFile(dir, "mark");
    assertThat(f.read()).isEmpty();
    f.write("first");
    f.write("second");
    assertThat(f.read()).contains("second");
    assertThat(Files.readString(dir.resolve("mark"))).isEqualTo("second\n");
    assertThat(dir.resolve("mark.tmp")).doesNotExist();
  }

  @Test
  void aWriteThatCannotBePutInPlaceLeavesNoTemporaryFile() throws IOException {
    // a folder with something in it where the file belongs: the rename over it fails
    Path inTheWay = Files.createDirectories(dir.resolve("mark").resolve("inside"));
    SideFile f = new SideFile(dir, "mark");
    assertThatThrownBy(() -> f.write("never")).isInstanceOf(IOException.class);
    assertThat(dir.resolve("mark.tmp")).doesNotExist();
    assertThat(inTheWay).isDirectory();
  }
}
