package org.strand.spark.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

/**
 * The lines one logger logs while this is open, each as {@code LEVEL message}, after strand's
 * logging configuration has filtered them: for tests of what strand and Spark say in the log
 * (through SLF4J, which the job binds to Log4j).
 */
public final class LogLines implements AutoCloseable {
  private final Logger logger;
  private final AbstractAppender appender;
  private final List<String> lines = new CopyOnWriteArrayList<>();

  private LogLines(String name) {
    logger = (Logger) LogManager.getLogger(name);
    appender = new AbstractAppender("test-lines-" + name, null, null, true, Property.EMPTY_ARRAY) {
      @Override
      public void append(LogEvent event) {
        lines.add(event.getLevel() + " " + event.getMessage().getFormattedMessage());
      }
    };
    appender.start();
    logger.addAppender(appender);
  }

  /** Starts collecting what {@code source}'s logger logs. */
  public static LogLines of(Class<?> source) {
    return new LogLines(source.getName());
  }

  /** Starts collecting what the logger named {@code name} logs. */
  public static LogLines of(String name) {
    return new LogLines(name);
  }

  /** The lines logged so far. */
  public List<String> lines() {
    return List.copyOf(lines);
  }

  @Override
  public void close() {
    logger.removeAppender(appender);
    appender.stop();
  }
}
