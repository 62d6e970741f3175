package io.tagpulse.streams;

import java.util.Map;

import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.CompressionType;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the off-heap memory of all RocksDB stores of the JVM, the recipe of the Kafka Streams memory-management
 * guide: one LRU block cache shared by every store of every task, and a write buffer manager that charges the
 * memtables to that same cache. Index and filter blocks live in the cache too (high priority, top level pinned).
 * The total, {@value #MEMORY_CONFIG} bytes (default {@value #DEFAULT_MEMORY}), bounds block cache + memtables +
 * index/filter blocks however many tasks or stores the instance holds; what RocksDB allocates outside the cache
 * (iterators pinning blocks, per-store bookkeeping) is small and not covered by the bound.
 */
public class BoundedRocksDbConfig implements RocksDBConfigSetter {

    /** Streams config key of the total RocksDB memory, in bytes. */
    public static final String MEMORY_CONFIG = "tagpulse.rocksdb.memory.bytes";

    /** Default total: 64 MiB. */
    public static final long DEFAULT_MEMORY = 64L * 1024 * 1024;

    /** Share of the total the memtables may take. */
    static final double WRITE_BUFFER_RATIO = 0.5;

    /** Share of the cache reserved for index and filter blocks. */
    static final double INDEX_FILTER_RATIO = 0.1;

    private static Cache cache;

    private static WriteBufferManager writeBufferManager;

    private static long configuredBytes;

    /** @return the bound applied, in bytes (0 before any store was configured) */
    public static synchronized long boundBytes() {
        return configuredBytes;
    }

    private static synchronized void initialize(long totalBytes) {
        if (cache != null) {
            return;
        }
        configuredBytes = totalBytes;
        cache = new LRUCache(totalBytes, -1, false, INDEX_FILTER_RATIO);
        writeBufferManager = new WriteBufferManager((long) (totalBytes * WRITE_BUFFER_RATIO), cache);
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        Object configured = configs.get(MEMORY_CONFIG);
        long total = configured == null ? DEFAULT_MEMORY : Long.parseLong(configured.toString());
        initialize(total);
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(cache);
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(writeBufferManager);
        // Small memtables: many stores share the budget, and the window stores flush often anyway.
        options.setWriteBufferSize(Math.max(1L << 20, total / 16));
        options.setMaxWriteBufferNumber(2);
        options.setCompressionType(CompressionType.LZ4_COMPRESSION);
        options.setTableFormatConfig(table);
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and the write buffer manager are shared by every store: never closed here.
    }
}
