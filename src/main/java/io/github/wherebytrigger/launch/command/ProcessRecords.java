package io.github.wherebytrigger.launch.command;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The state directory of a command launcher: one small JSON file per running process,
 * written when it starts and deleted when it ends, so that what a crashed instance left
 * running can be found after it (see {@code whereby.launcher.command.state-directory}).
 * Failing to write one does not fail a launch: the process runs, without that protection.
 */
final class ProcessRecords {

	static final String SUFFIX = ".json";

	private static final Log logger = LogFactory.getLog(ProcessRecords.class);

	private final Path directory;

	private final JsonMapper jsonMapper;

	/**
	 * Opens the state directory, creating it if need be.
	 * @param directory the directory of one assistant's processes
	 * @param jsonMapper writes and reads the files
	 * @throws IllegalStateException if it cannot be created or written, naming the
	 * property
	 */
	ProcessRecords(Path directory, JsonMapper jsonMapper) {
		this.directory = directory;
		this.jsonMapper = jsonMapper;
		try {
			Files.createDirectories(directory);
			if (!Files.isWritable(directory)) {
				throw new AccessDeniedException(directory.toString());
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot use " + directory
					+ " as the command launcher's state directory (whereby.launcher.command.state-directory): " + ex,
					ex);
		}
	}

	Path directory() {
		return this.directory;
	}

	/**
	 * Writes a record, atomically: a reader sees the whole file or none.
	 * @param record the record
	 */
	void write(ProcessRecord record) {
		Path file = this.directory.resolve(record.fileName());
		Path partial = this.directory.resolve(record.fileName() + ".partial");
		try {
			Files.write(partial, this.jsonMapper.writeValueAsBytes(record));
			Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException | JacksonException ex) {
			logger.warn("Could not write " + file + ": if this service crashes, its next start will not stop "
					+ "process " + record.pid() + ": " + ex);
		}
	}

	/**
	 * Deletes a record, if it is there.
	 * @param record the record
	 */
	void delete(ProcessRecord record) {
		delete(this.directory.resolve(record.fileName()));
	}

	/**
	 * Reads every record. A file that is not a record is logged and deleted: it can name
	 * no process to stop.
	 * @return the records
	 */
	List<ProcessRecord> readAll() {
		List<ProcessRecord> records = new ArrayList<>();
		try (DirectoryStream<Path> files = Files.newDirectoryStream(this.directory, "*" + SUFFIX)) {
			for (Path file : files) {
				try {
					records.add(this.jsonMapper.readValue(file.toFile(), ProcessRecord.class));
				}
				catch (JacksonException ex) {
					logger.warn("Ignoring and deleting " + file + ", which is not a record of an assistant process: "
							+ ex.getOriginalMessage());
					delete(file);
				}
			}
		}
		catch (IOException ex) {
			logger.warn("Could not read the state directory " + this.directory
					+ " (whereby.launcher.command.state-directory); processes left by an earlier run are not "
					+ "stopped: " + ex);
		}
		return records;
	}

	private static void delete(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			logger.warn("Could not delete " + file + ": " + ex);
		}
	}

}
