// Placeholder so the layer builds while it is being written; removed when the layer has code.
namespace daylight {}
