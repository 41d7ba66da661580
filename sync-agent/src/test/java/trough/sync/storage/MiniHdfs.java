package trough.sync.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/**
 * One real in-process HDFS (a NameNode and a DataNode) for the whole test JVM: it takes seconds to start,
 * so every test class shares it and each uses its own directory.
 */
public final class MiniHdfs {
    private static MiniDFSCluster cluster;

    private MiniHdfs() {}

    /** A fresh directory in the shared HDFS, as an {@code hdfs://} URI. */
    public static synchronized URI freshDirectory(String name) {
        if (cluster == null) cluster = start();
        return URI.create(cluster.getURI() + "/" + name + "-" + System.nanoTime());
    }

    public static synchronized Configuration configuration() {
        if (cluster == null) cluster = start();
        return cluster.getConfiguration(0);
    }

    private static MiniDFSCluster start() {
        try {
            Path dir = Files.createTempDirectory("trough-minidfs");
            Configuration configuration = new Configuration();
            configuration.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.toString());
            MiniDFSCluster started = new MiniDFSCluster.Builder(configuration).numDataNodes(1).build();
            started.waitActive();
            Runtime.getRuntime().addShutdownHook(new Thread(started::shutdown, "minidfs-shutdown"));
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException("the in-process HDFS did not start", e);
        }
    }
}
