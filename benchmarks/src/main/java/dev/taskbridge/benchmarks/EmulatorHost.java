package dev.taskbridge.benchmarks;

import dev.taskbridge.emulator.LocalBackend;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

/**
 * The emulator in a process of its own, for {@link EmulatorLoad}: prints {@code endpoint <uri>},
 * then answers commands on standard input, one a line: {@code heap} (full GC, then {@code heap
 * <bytes used>}), {@code open} ({@code open <open activity tasks>}). Exits at end of input.
 */
final class EmulatorHost {

  private EmulatorHost() {}

  public static void main(String[] args) throws IOException {
    try (LocalBackend backend = LocalBackend.start()) {
      System.out.println("endpoint " + backend.endpoint());
      System.out.flush();
      BufferedReader commands =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String c = commands.readLine(); c != null; c = commands.readLine()) {
        switch (c.trim()) {
          case "heap" -> System.out.println("heap " + heapAfterGc());
          case "open" -> System.out.println("open " + backend.openActivityTasks());
          default -> System.out.println("error unknown command");
        }
        System.out.flush();
      }
    }
  }

  private static long heapAfterGc() {
    long used = Long.MAX_VALUE;
    // A few full collections until the figure settles; the minimum is the live set.
    for (int i = 0; i < 3; i++) {
      System.gc();
      used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
